import { App, requestReportEarly } from './App';
import { boot } from '@/lib/ui/boot';
import '@/lib/ui/style.css';

// The report is asked for now, beside the settings, not once they have arrived and the page has painted.
const early = requestReportEarly();
void boot(() => <App early={early} />);
