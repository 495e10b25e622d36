/** The workspace's estate file, in its folder; alone so that commands reading only its name load no YAML reader. */
export const WORKSPACE_FILE = 'junction.yaml';
