import { render } from 'preact';
import { App } from './App';
import { I18nContext, i18nForPage } from './i18n';
import './style.css';

const i18n = i18nForPage(location.search, navigator.languages);
document.documentElement.lang = i18n.lang;
render(
  <I18nContext.Provider value={i18n}>
    <App />
  </I18nContext.Provider>,
  document.getElementById('app') as HTMLElement,
);
