export const THEME_STORAGE_KEY = 'tracera-theme';

/**
 * Runs before the first paint (inline in <head>), so a dark-theme reader never sees a white flash.
 * `data-theme` on <html> is what globals.css keys its colours on.
 */
export const THEME_BOOT_SCRIPT = `(function(){try{var c=localStorage.getItem('${THEME_STORAGE_KEY}')||'system';var d=c==='dark'||(c==='system'&&matchMedia('(prefers-color-scheme: dark)').matches);document.documentElement.dataset.theme=d?'dark':'light';}catch(e){}})();`;
