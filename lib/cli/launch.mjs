// The browser every CLI command audits with: the built extension, the user's switches, --proxy and --host-map.
import path from 'node:path';
import { launchBrowser } from './browsers.mjs';
import { startHostMap } from './mapping-proxy.mjs';
import { proxyLaunch } from './proxy.mjs';
import { sendToExtension } from './trusted-input.mjs';

/**
 * Launches `options.browser` with the extension built under `root` (`server`: --demo's fixture server). Returns the
 * session and `close()`, which closes the browser, then the mapping proxy of --host-map in Firefox. When the launch
 * fails, that proxy is closed and the error thrown. Every page the CLI opens is an audit: its profile captures every
 * tab in full (request bodies and headers), not at the everyday level the extension starts with.
 */
export async function launchAuditBrowser(options, root, { server } = {}) {
  const hostMap = await startHostMap(options.browser, options.hostMap);
  const proxy = proxyLaunch(options.browser, options.proxy);
  try {
    const session = await launchBrowser(options.browser, {
      extensionDir: path.join(root, '.output', options.browser === 'firefox' ? 'firefox-mv3' : 'chrome-mv3'),
      executablePath: options.browserPath,
      server,
      args: [...options.browserArgs, ...proxy.args, ...hostMap.args],
      prefs: { ...proxy.prefs, ...hostMap.prefs },
    });
    const close = async () => {
      await session.close();
      await hostMap.close();
    };
    const settings = await sendToExtension(session, { type: 'set-settings', settings: { fullCaptureAllTabs: true } }).catch((error) => ({ error }));
    if (settings?.fullCaptureAllTabs !== true) {
      await session.close();
      throw new Error(`the extension did not take full capture: ${JSON.stringify(settings)}`);
    }
    return { session, close };
  } catch (error) {
    await hostMap.close();
    throw error;
  }
}
