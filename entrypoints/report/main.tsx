import { render } from 'preact';
import { I18nContext, i18nForPage } from '../popup/i18n';
import { App } from './App';
import '../popup/style.css';
import './style.css';

const i18n = i18nForPage(location.search, navigator.languages);
document.documentElement.lang = i18n.lang;
render(
  <I18nContext.Provider value={i18n}>
    <App />
  </I18nContext.Provider>,
  document.getElementById('app') as HTMLElement,
);
