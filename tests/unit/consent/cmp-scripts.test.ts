import { describe, expect, it } from 'vitest';
import { loadVendors, readVendorFiles } from '../../../lib/classify/vendor-files';
import { compileUrlPattern, matchesAny } from '../../../lib/classify/url-pattern';

const { vendors } = loadVendors(readVendorFiles(process.cwd()));
const cmpsOf = (url: string) => vendors.filter((v) => matchesAny((v.cmp?.scripts ?? []).map(compileUrlPattern), url)).map((v) => v.id);

// Where sites put their own copy of an open-source CMP: the path its docs show, and the folders the fixtures use
// (tests/fixtures/sites/<cmp>*-ok.example/_self-hosted.json).
describe('cmp.scripts patterns of the open-source CMPs', () => {
  it.each([
    ['https://shop.example/js/klaro.js', 'klaro'],
    ['https://shop.example/static/consent/klaro.js', 'klaro'],
    ['https://shop.example/js/klaro-no-css.js', 'klaro'],
    ['https://cdn.jsdelivr.net/npm/klaro@0.7.22/dist/klaro.js', 'klaro'],
    ['https://shop.example/js/orejime-standard-en.js', 'orejime'],
    ['https://shop.example/assets/orejime/orejime-dsfr-fr.js', 'orejime'],
    ['https://shop.example/assets/cookieconsent.umd.js', 'vanilla-cookieconsent'],
    ['https://shop.example/vendor/cookieconsent/cookieconsent.esm.js', 'vanilla-cookieconsent'],
    ['https://cdn.jsdelivr.net/gh/orestbida/cookieconsent@v2.9.2/dist/cookieconsent.js', 'vanilla-cookieconsent'],
    ['https://shop.example/cookieconsent.js', 'vanilla-cookieconsent'],
    ['https://shop.example/assets/vendor/cookieconsent.js', 'vanilla-cookieconsent'],
    ['https://shop.example/tarteaucitron/tarteaucitron.js', 'tarteaucitron'],
    ['https://shop.example/static/tac/tarteaucitron.min.js', 'tarteaucitron'],
    ['https://shop.example/tarteaucitron/lang/tarteaucitron.fr.js', 'tarteaucitron'],
    ['https://shop.example/js/cookieconsent.min.js', 'insites-cookieconsent'],
    ['https://cdn.jsdelivr.net/npm/cookieconsent@3/build/cookieconsent.min.js', 'insites-cookieconsent'],
  ])('%s is %s', (url, id) => {
    expect(cmpsOf(url)).toEqual([id]);
  });

  it.each(['https://shop.example/js/app.js', 'https://shop.example/js/cookies.js', 'https://shop.example/assets/consent-banner.js'])(
    'names no CMP for %s',
    (url) => {
      expect(cmpsOf(url)).toEqual([]);
    },
  );
});
