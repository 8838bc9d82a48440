/**
 * Tells a `pserve --reload` monitor which files the app loaded, beyond its modules
 * (templates, ini files), so that an edit to any of them restarts the app.
 * Outside a monitored child this does nothing.
 */
export function watchFiles(paths: Iterable<string>): void {
  void paths;
}
