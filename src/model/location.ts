/** A spec, $ref or file named in junction.yaml is read over HTTP when it is an http(s) URL, else from the workspace. */
export const isHttpUrl = (location: string): boolean => /^https?:\/\//i.test(location);
