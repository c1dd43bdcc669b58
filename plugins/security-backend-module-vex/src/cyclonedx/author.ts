import type { CycloneDxMetadata } from './schema';

/**
 * Who says it: the first author, else the manufacturer or supplier, else the tool that made
 * the document. Undefined when the document names nobody.
 */
export function authorOf(
  metadata: CycloneDxMetadata | null | undefined,
): string | undefined {
  if (!metadata) {
    return undefined;
  }
  const author = metadata.authors?.find(a => a.name || a.email);
  if (author) {
    return author.name ?? author.email;
  }
  const organisation =
    metadata.manufacturer?.name ??
    metadata.manufacture?.name ??
    metadata.supplier?.name;
  if (organisation) {
    return organisation;
  }
  const tools = metadata.tools;
  if (Array.isArray(tools)) {
    const tool = tools.find(t => t.name);
    return tool && [tool.vendor, tool.name].filter(Boolean).join(' ');
  }
  return (
    tools?.components?.find(t => t.name)?.name ??
    tools?.services?.find(t => t.name)?.name
  );
}
