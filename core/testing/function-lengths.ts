// The length of every function body in a source file, read with the TypeScript parser, for the
// function-length rule (CONTRIBUTING.md#what-ci-checks-for-you). A function is named by where it is
// declared: `name`, `Class.method`, or the variable or property an arrow function is assigned to;
// a callback with no name of its own is `<enclosing>/callback`.
import ts from 'typescript';

export interface FunctionLength {
  name: string;
  line: number;
  lines: number;
}

function ownName(node: ts.Node): string | undefined {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isFunctionExpression(node)) && node.name) return node.name.getText();
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent.name.getText();
  return undefined;
}

function className(node: ts.Node): string | undefined {
  for (let n = node.parent; n; n = n.parent) if (ts.isClassDeclaration(n) && n.name) return n.name.text;
  return undefined;
}

export function functionLengths(file: string, text: string): FunctionLength[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: FunctionLength[] = [];
  const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line + 1;
  const visit = (node: ts.Node, enclosing: string): void => {
    let inside = enclosing;
    const isFunction = ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isConstructorDeclaration(node);
    if (isFunction && node.body) {
      const own = ownName(node);
      const owner = ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node) ? className(node) : undefined;
      const name = own ? (owner ? `${owner}.${own}` : own) : `${enclosing || '(top)'}/callback`;
      const line = lineOf(node.body.getStart());
      found.push({ name, line, lines: lineOf(node.body.getEnd()) - line + 1 });
      inside = name;
    }
    ts.forEachChild(node, (child) => visit(child, inside));
  };
  visit(source, '');
  return found;
}
