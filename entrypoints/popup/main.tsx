import { App } from './App';
import { boot } from './boot';
import './style.css';

void boot(App);
