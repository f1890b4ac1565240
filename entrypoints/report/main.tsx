import { boot } from '@/lib/ui/boot';
import { App } from './App';
import '@/lib/ui/style.css';
import './style.css';

void boot(App);
