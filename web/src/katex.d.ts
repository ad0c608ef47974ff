// The slice of KaTeX's API the explorer uses (the package ships no TypeScript declarations).
declare module 'katex' {
  interface KatexOptions {
    displayMode?: boolean;
    throwOnError?: boolean;
    output?: 'html' | 'mathml' | 'htmlAndMathml';
  }
  const katex: { renderToString(tex: string, options?: KatexOptions): string };
  export default katex;
}
