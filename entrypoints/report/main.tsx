import { boot } from '../popup/boot';
import { App } from './App';
import '../popup/style.css';
import './style.css';

void boot(App);
