// Style sheets imported for their effect: esbuild bundles them into assets/main.css.
declare module '*.css';
