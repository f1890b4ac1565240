/** The `har-schema` package ships JSON Schemas without types: one schema per HAR object, keyed by its name. */
declare module 'har-schema' {
  const schemas: Record<string, Record<string, unknown>>;
  export default schemas;
}
