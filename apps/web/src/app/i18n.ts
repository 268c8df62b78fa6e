import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

// Each area keeps its own catalogue in locales/<lang>/<namespace>.json, so features do not
// all edit one file. `t('admin:users.title')` reads namespace `admin`.
const catalogues = import.meta.glob<{ default: Record<string, unknown> }>('../locales/*/*.json', {
  eager: true,
});

const resources: Record<string, Record<string, Record<string, unknown>>> = {};
for (const [file, mod] of Object.entries(catalogues)) {
  const match = /locales\/([^/]+)\/([^/]+)\.json$/.exec(file);
  if (!match) continue;
  const [, lang, ns] = match as unknown as [string, string, string];
  (resources[lang] ??= {})[ns] = mod.default;
}

export const namespaces = Object.keys(resources['en'] ?? {});

void i18next.use(initReactI18next).init({
  resources,
  lng: 'en',
  fallbackLng: 'en',
  ns: namespaces,
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export { i18next };
