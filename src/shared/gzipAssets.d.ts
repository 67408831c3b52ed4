/** A file imported with `?gzip`: the URL of its gzip-compressed copy (see vite.config.ts). */
declare module '*?gzip' {
  const url: string;
  export default url;
}
