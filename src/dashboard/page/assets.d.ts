// esbuild bundles the stylesheets the entry imports into dashboard.css.
declare module '*.css';
