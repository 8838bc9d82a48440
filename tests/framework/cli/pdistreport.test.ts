/** pdistreport: our version, the platform, and the packages Node would load from here. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as pdistreport from '../../../framework/cli/pdistreport';
import { capture } from './capture';

describe('pdistreport', () => {
  it('lists the nearest copy of each package, sorted without case, in Pyramid\'s layout', async () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pdist-')));
    const write = (dir: string, name: string, version: string) => {
      fs.mkdirSync(path.join(dir, 'node_modules', name), { recursive: true });
      fs.writeFileSync(path.join(dir, 'node_modules', name, 'package.json'), JSON.stringify({ name, version }));
    };
    write(root, 'zed', '1.0.0');
    write(root, 'Alpha', '2.0.0');
    write(path.join(root, 'app'), 'zed', '3.0.0');
    write(path.join(root, 'app'), '@scope/pkg', '0.1.0');
    const { code, stdout } = await capture(pdistreport.main, [], path.join(root, 'app'));
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^pyramid-ts version: \d+\.\d+\.\d+ $/);
    expect(lines[1]).toMatch(/^Platform: \w+-.*-with-node-v\d+/);
    const modules = (dir: string) => path.join(dir, 'node_modules');
    expect(lines[2]).toBe('Packages: ');
    // each package is two lines: '  name version ' and '    location '
    const mine = lines.flatMap((l, i) => (/^ {2}(@scope\/pkg|Alpha|zed) /.test(l) ? [`${l}\n${lines[i + 1]}`] : []));
    expect(mine).toEqual([`  @scope/pkg 0.1.0 \n    ${modules(path.join(root, 'app'))} `, `  Alpha 2.0.0 \n    ${modules(root)} `, `  zed 3.0.0 \n    ${modules(path.join(root, 'app'))} `]);
  });

  it('takes no arguments', async () => {
    expect((await capture(pdistreport.main, ['x.ini'])).code).toBe(2);
  });
});
