import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import schema from '@/lib/report/report.schema.json';

/**
 * The report's JSON schema is the public contract; the TypeScript `Report` type is what the code builds. This test
 * walks both and requires the same properties at every object level, and that what the schema requires the type
 * always has, so neither can change without the other.
 */
const root = path.resolve(import.meta.dirname, '../..');
type Node = { $ref?: string; type?: string | string[]; properties?: Record<string, Node>; required?: string[]; items?: Node; anyOf?: Node[]; oneOf?: Node[] };
const defs = (schema as { $defs: Record<string, Node> }).$defs;
/** Fields the exports add around the built report (the JSON and HTML exports' integrity hash). */
const ADDED_BY_EXPORT = new Set(['integrity']);

function resolve(node: Node): Node {
  if (!node.$ref) return node;
  const name = node.$ref.replace('#/$defs/', '');
  const target = defs[name];
  if (!target) throw new Error(`unknown $ref ${node.$ref}`);
  return resolve(target);
}

function loadReportType() {
  const configPath = path.join(root, 'tsconfig.json');
  const config = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, root);
  const program = ts.createProgram([path.join(root, 'lib/report/types.ts')], { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(path.join(root, 'lib/report/types.ts'));
  if (!source) throw new Error('no source');
  const moduleSymbol = checker.getSymbolAtLocation(source);
  const report = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === 'Report');
  if (!report) throw new Error('no Report export');
  return { checker, type: checker.getDeclaredTypeOfSymbol(report) };
}

function compare(checker: ts.TypeChecker, type: ts.Type, node: Node, at: string, problems: string[]): void {
  const schemaNode = resolve(node);
  const plain = checker.getNonNullableType(type);
  if (schemaNode.items) {
    const element = checker.isArrayType(plain) ? checker.getTypeArguments(plain as ts.TypeReference)[0] : undefined;
    if (!element) return void problems.push(`${at}: the schema has an array, the type does not`);
    compare(checker, element, schemaNode.items, `${at}[]`, problems);
    return;
  }
  if (!schemaNode.properties) return;
  // A union of object shapes, or a record with an index signature, is described by hand in the schema.
  if (plain.isUnion() || checker.getIndexInfosOfType(plain).length) return;
  const properties = checker.getPropertiesOfType(plain);
  const names = properties.map((p) => p.name).sort();
  const documented = Object.keys(schemaNode.properties)
    .filter((k) => !(at === 'report' && ADDED_BY_EXPORT.has(k)))
    .sort();
  const missing = names.filter((n) => !documented.includes(n));
  const extra = documented.filter((n) => !names.includes(n));
  if (missing.length) problems.push(`${at}: in the type, not the schema: ${missing.join(', ')}`);
  if (extra.length) problems.push(`${at}: in the schema, not the type: ${extra.join(', ')}`);
  const required = properties
    .filter((p) => !(p.flags & ts.SymbolFlags.Optional))
    .map((p) => p.name)
    .sort();
  const schemaRequired = [...(schemaNode.required ?? [])].sort();
  // The other way is allowed: a field added in a later revision is always built now but optional in the schema, so
  // reports exported by an earlier revision of version 1 still validate.
  const overRequired = schemaRequired.filter((n) => !required.includes(n));
  if (overRequired.length) problems.push(`${at}: required by the schema, optional in the type: ${overRequired.join(', ')}`);
  for (const property of properties) {
    const child = schemaNode.properties[property.name];
    if (!child) continue;
    compare(checker, checker.getTypeOfSymbol(property), child, `${at}.${property.name}`, problems);
  }
}

describe('report schema', () => {
  it('describes exactly the Report type: the same properties at every level, and nothing required that the type may lack', () => {
    const { checker, type } = loadReportType();
    const problems: string[] = [];
    compare(checker, type, schema as Node, 'report', problems);
    expect(problems).toEqual([]);
  }, 120_000);
});
