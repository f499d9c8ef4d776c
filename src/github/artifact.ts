/**
 * Uploads files of a directory as one artifact of the workflow run, with their paths below it, and returns
 * the page to download it from. The artifact client (Azure's blob client and an archiver with it) loads
 * only when an upload is asked for, not on every start of the action.
 */
export async function uploadArtifact(name: string, root: string, files: string[]): Promise<string> {
  const { DefaultArtifactClient } = await import('@actions/artifact');
  const { id } = await new DefaultArtifactClient().uploadArtifact(name, files, root);
  const server = process.env.GITHUB_SERVER_URL || 'https://github.com';
  return `${server}/${process.env.GITHUB_REPOSITORY}/actions/runs/${process.env.GITHUB_RUN_ID}/artifacts/${id}`;
}

/** An artifact's name may hold none of `" : < > | * ? \ /` nor line breaks. */
export function artifactName(...parts: string[]): string {
  return parts
    .map((part) => part.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, ''))
    .filter(Boolean)
    .join('-');
}
