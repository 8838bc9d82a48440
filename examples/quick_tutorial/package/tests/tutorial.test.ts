/**
 * The package step has no tests.py; its narrative has the reader install the package and run
 * tutorial/app.py, then see Hello World at http://localhost:6543/ and "Incoming request" printed.
 * Here: tutorial/ imports as a package, importing app.ts serves nothing (the serve is under its
 * `require.main === module`, as Python's `if __name__ == '__main__'`), and the view answers with
 * the page and prints the line. (The script itself listens on the fixed port 6543, as the
 * original; tests use free ports, so serving it is left to `npm start`.)
 */
import * as testing from 'pyramid-ts/testing';

test('tutorial/ is a package, and importing its app serves nothing', () => {
  expect(require('../tutorial')).toEqual({});
  const { helloWorld } = require('../tutorial/app');
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const response = helloWorld(new testing.DummyRequest());
    expect(response.text).toBe('<body><h1>Hello World!</h1></body>');
    expect(log).toHaveBeenCalledWith('Incoming request');
  } finally {
    log.mockRestore();
  }
});
