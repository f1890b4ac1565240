import { App } from './App';
import { boot } from '@/lib/ui/boot';
import '@/lib/ui/style.css';

void boot(App);
