// The API key lives in this tab's sessionStorage: it is gone when the tab closes, it never goes
// into a URL, and the page's HTML never contains it.
const STORAGE_KEY = 'heed.studio.apiKey';

export const keyStore = {
  read(): string | null {
    return sessionStorage.getItem(STORAGE_KEY);
  },
  save(key: string): void {
    sessionStorage.setItem(STORAGE_KEY, key);
  },
  forget(): void {
    sessionStorage.removeItem(STORAGE_KEY);
  },
};
