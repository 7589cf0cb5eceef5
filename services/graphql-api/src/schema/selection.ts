import type { FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * Whether the operation selects a field named `name` anywhere beneath the resolved field
 * (through nested objects, inline fragments and named fragments). Resolvers use it to skip work
 * no one asked for, e.g. counting distinct streamers; a wrong "yes" only costs time.
 */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode | undefined): boolean => {
    if (!set) return false;
    for (const sel of set.selections) {
      if (sel.kind === 'Field') {
        if (sel.name.value === name || walk(sel.selectionSet)) return true;
      } else if (sel.kind === 'InlineFragment') {
        if (walk(sel.selectionSet)) return true;
      } else {
        const fragmentName = sel.name.value;
        if (seen.has(fragmentName)) continue;
        seen.add(fragmentName);
        const fragment: FragmentDefinitionNode | undefined = info.fragments[fragmentName];
        if (fragment && walk(fragment.selectionSet)) return true;
      }
    }
    return false;
  };
  return info.fieldNodes.some((node) => walk(node.selectionSet));
}
