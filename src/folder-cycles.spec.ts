import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { preProcessFile } from 'typescript';

/**
 * The folders of src/ import each other in one direction only: a cycle between folders (common
 * knowing a feature's vocabulary, config throwing HTTP errors, metrics importing the features it
 * measures) makes every folder depend on every other. Runtime code only: specs may import
 * anything. Files at the top of src/ (app.module, bootstrap, main) wire the folders together and
 * are no folder.
 */
const SRC = __dirname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return sourceFiles(path);
    }
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The folder directly under src/ that is or holds `path`, or undefined for a top-level file. */
function folderOf(path: string): string | undefined {
  const parts = relative(SRC, path).split(sep);
  const isFolder = parts.length > 1 || statSync(path, { throwIfNoEntry: false })?.isDirectory();
  return isFolder ? parts[0] : undefined;
}

/** Folder → the other folders its files import. */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(SRC)) {
    const from = folderOf(file);
    if (from === undefined) {
      continue;
    }
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const { fileName } of preProcessFile(readFileSync(file, 'utf8')).importedFiles) {
      const to = fileName.startsWith('.') ? folderOf(resolve(dirname(file), fileName)) : undefined;
      if (to !== undefined && to !== from) {
        edges.add(to);
      }
    }
  }
  return graph;
}

/** Every cycle found by depth-first search, each as its path (`a -> b -> a`). */
function cycles(graph: Map<string, Set<string>>): string[] {
  const found = new Set<string>();
  const done = new Set<string>();
  const visit = (folder: string, path: string[]): void => {
    if (path.includes(folder)) {
      found.add([...path.slice(path.indexOf(folder)), folder].join(' -> '));
      return;
    }
    if (done.has(folder)) {
      return;
    }
    [...(graph.get(folder) ?? [])].sort().forEach((next) => visit(next, [...path, folder]));
    done.add(folder);
  };
  [...graph.keys()].sort().forEach((folder) => visit(folder, []));
  return [...found];
}

describe('folder imports', () => {
  it('should form no cycle between the folders of src/', () => {
    expect(cycles(folderGraph())).toEqual([]);
  });

  it('should find a cycle when there is one (the check itself works)', () => {
    const graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ]);
    expect(cycles(graph)).toEqual(['a -> b -> c -> a']);
  });

  it('should see the folders and their imports', () => {
    const graph = folderGraph();
    expect([...(graph.get('tokens') ?? [])]).toEqual(
      expect.arrayContaining(['agora-token', 'policy', 'common', 'config']),
    );
  });
});
