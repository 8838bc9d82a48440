/**
 * Context and traversal: root factories (Configurator option, setRootFactory, a route's
 * factory), request.context and request.root, views called with (context, request),
 * traversal of a resource tree with view names, `@@`, subpaths and `*traverse` routes, and
 * resource URLs as Pyramid writes them.
 */
import { Configurator } from '../../framework/config';
import { Response } from '../../framework/response';
import { HTTPNotFound } from '../../framework/httpexceptions';
import { viewConfig } from '../../framework/decorators';
import { DummyRequest } from '../../framework/testing';
import { traverse, lineage, findResource, resourcePath, virtualRoot, KeyError, type Resource } from '../../framework/traversal';
import type { Request } from '../../framework/request';
import { makeApp, thrown } from './helpers';

class Folder implements Resource {
  readonly children = new Map<string, Folder | Page>();
  constructor(
    public __name__: string,
    public __parent__: Folder | null,
  ) {}
  add<T extends Folder | Page>(child: T): T {
    this.children.set(child.__name__, child);
    return child;
  }
  __getitem__(name: string) {
    return this.children.get(name);
  }
}
class Page {
  constructor(
    public __name__: string,
    public __parent__: Folder,
  ) {}
}
class Wiki extends Folder {}

function makeTree() {
  const root = new Folder('', null);
  const wiki = root.add(new Wiki('wiki', root));
  const page = wiki.add(new Page('front page', wiki));
  return { root, wiki, page };
}

test('traversal finds the context, the view name, the subpath; @@ forces a view name', () => {
  const { root, wiki, page } = makeTree();
  const at = (path: string) => {
    const found = traverse(root, new DummyRequest({ path }));
    return [found.context, found.viewName, found.subpath.join('/'), found.traversed.join('/')];
  };
  expect(at('/')).toEqual([root, '', '', '']);
  expect(at('/wiki/front%20page')).toEqual([page, '', '', 'wiki/front page']);
  expect(at('/wiki/front%20page/edit/x')).toEqual([page, 'edit', 'x', 'wiki/front page']);
  expect(at('/wiki/@@front%20page')).toEqual([wiki, 'front page', '', 'wiki']);
  expect(at('/wiki/missing/more')).toEqual([wiki, 'missing', 'more', 'wiki']);
});

test('resource URLs and paths, quoted as Pyramid quotes them (compared with pyramid.testing.DummyRequest)', () => {
  const root = new Folder('', null);
  const a = root.add(new Folder('a b', root));
  const b = a.add(new Folder('c/d', a));
  const request = new DummyRequest();
  expect(request.resourceUrl(root)).toBe('http://example.com/');
  expect(request.resourceUrl(a)).toBe('http://example.com/a%20b/');
  expect(request.resourceUrl(b, 'edit', 'x y', { query: { q: '1' }, anchor: 'top' })).toBe('http://example.com/a%20b/c%2Fd/edit/x%20y?q=1#top');
  expect(resourcePath(b)).toBe('/a%20b/c%2Fd');
  expect(resourcePath(root)).toBe('/');
  expect(request.resourcePath(b)).toBe('/a%20b/c%2Fd/');
  expect(lineage(b)).toEqual([b, a, root]);
  expect(findResource(b, '/a b')).toBe(a);
  expect(() => findResource(root, 'nope')).toThrow(KeyError);
});

test('a traversal app: the root factory, views by context class and name, two-argument views get the context', async () => {
  const { root } = makeTree();
  const { testapp } = makeApp((config) => {
    config.setRootFactory(() => root);
    config.addView((context: Page, request: Request) => new Response(`page ${context.__name__} in ${(request.root as Folder).__name__ === ''}`), { context: Page });
    config.addView((context: Page, _request: Request) => new Response(`editing ${context.__name__}`), { context: Page, name: 'edit' });
    config.addView((context: Folder, _request: Request) => new Response(`folder ${context.__name__} ${context instanceof Wiki}`), { context: Folder });
  });
  expect((await testapp.get('/wiki/front%20page')).text).toBe('page front page in true');
  expect((await testapp.get('/wiki/front%20page/edit')).text).toBe('editing front page');
  // A Wiki is a Folder: the Folder view serves it.
  expect((await testapp.get('/wiki')).text).toBe('folder wiki true');
  await testapp.get('/wiki/front%20page/delete', { status: 404 });
});

test('a route factory makes the context of its requests; *traverse traverses from that root', async () => {
  const { root } = makeTree();
  const { testapp } = makeApp((config) => {
    config.addRoute('home', '/', { factory: () => ({ kind: 'home root' }) });
    config.addRoute('pages', '/pages/*traverse', { factory: () => root });
    config.addView((context: { kind: string }, _request: Request) => new Response(context.kind), { routeName: 'home' });
    config.addView((context: Page, request: Request) => new Response(`${context.__name__} via ${request.matchedRoute!.name}`), { routeName: 'pages', context: Page });
  });
  expect((await testapp.get('/')).text).toBe('home root');
  expect((await testapp.get('/pages/wiki/front%20page')).text).toBe('front page via pages');
});

test("a route's traverse= pattern, made from its matchdict, is the traversal path (Pyramid's hybrid traverse pseudo-predicate)", async () => {
  const { root } = makeTree();
  const { testapp, config } = makeApp((config) => {
    config.addRoute('page', '/show/{section}/{title}', { factory: () => root, traverse: '/{section}/{title}' });
    config.addView((context: Page, request: Request) => new Response(`${context.__name__} in ${context.__parent__.__name__}, traversed ${request.traversed.join('|')}`), { routeName: 'page', context: Page });
  });
  expect((await testapp.get('/show/wiki/front%20page')).text).toBe('front page in wiki, traversed wiki|front page');
  await testapp.get('/show/wiki/missing', { status: 404 });
  expect(config.registry.introspector.getCategory('routes').find((r) => r.title === 'page')!.data.predicates).toContain('traverse matchdict pseudo-predicate');
});

test('the default root holds the matchdict, as Pyramid’s DefaultRootFactory; the Configurator option sets the root factory', async () => {
  const { testapp } = makeApp((config) => {
    config.addRoute('hello', '/hello/{name}');
    config.addView((context: any, request: Request) => new Response(`${context.name} ${request.context === request.root}`), { routeName: 'hello' });
  });
  expect((await testapp.get('/hello/jo')).text).toBe('jo true');
  const config = new Configurator({ rootFactory: () => 'custom root' });
  config.addView((context: unknown, _request: Request) => new Response(String(context)));
  expect((await makeFrom(config).get('/')).text).toBe('custom root');
});

test('a class is a root factory, as in Pyramid (`Configurator(root_factory=Root)`, `add_route(..., factory=Root)`): made with the request', async () => {
  class Root {
    constructor(readonly request: Request) {}
    __acl__ = [];
  }
  class PageRoot {
    kind = 'pages';
  }
  const config = new Configurator({ rootFactory: Root });
  config.addRoute('pages', '/pages', { factory: PageRoot });
  config.addView((context: Root, request: Request) => new Response(`${context instanceof Root} ${context.request === request}`));
  config.addView((context: PageRoot, _request: Request) => new Response(context.kind), { routeName: 'pages' });
  const testapp = makeFrom(config);
  expect((await testapp.get('/')).text).toBe('true true');
  expect((await testapp.get('/pages')).text).toBe('pages');
});

test('@viewConfig({ context: HTTPNotFound }) is the not-found view, found by scan', async () => {
  class Views {
    constructor(readonly request: Request) {}
    @viewConfig({ context: HTTPNotFound })
    notFound() {
      return new Response(`no ${this.request.path}`, { status: 404 });
    }
  }
  const { testapp } = makeApp((config) => config.scan({ Views }));
  expect((await testapp.get('/missing', { status: 404 })).text).toBe('no /missing');
});

test('a root factory that is not a function is refused at once', () => {
  expect(thrown(() => new Configurator().setRootFactory('root' as any)).message).toMatch(/^setRootFactory\(\) \(.*traversal\.test\.ts:\d+\) takes a class or a function/);
});

function makeFrom(config: Configurator) {
  const { TestApp } = require('../../framework/testing');
  return new TestApp(config.makeWsgiApp());
}

test('a virtual root (X-Vhm-Root) hosts a subtree at the site root; URLs are made below it (as the real Pyramid)', async () => {
  const root = new Folder('', null);
  const site = root.add(new Folder('site', root));
  const page = site.add(new Folder('page', site));
  void page;
  const { testapp } = makeApp((config) => {
    config.setRootFactory(() => root);
    config.addView((context: Folder, request: Request) => new Response(`${context.__name__} ${request.resourceUrl(context)} ${request.resourceUrl(root)} ${request.traversed.join('/')}`), { context: Folder, name: '' });
  });
  // Pyramid 2.0 answers, for the same tree and view:
  expect((await testapp.get('/page', { headers: { 'X-Vhm-Root': '/site' } })).text).toBe('page http://localhost/page/ http://localhost/ site/page');
  expect((await testapp.get('/', { headers: { 'X-Vhm-Root': '/site' } })).text).toBe('site http://localhost/ http://localhost/ site');
  expect((await testapp.get('/site/page')).text).toBe('page http://localhost/site/page/ http://localhost/ site/page');
});

test('request.virtualRoot (virtual_root) and virtualRootPath: the resource at X-Vhm-Root, found only when read', async () => {
  const root = new Folder('', null);
  const site = root.add(new Folder('site', root));
  const page = site.add(new Page('page', site));
  const lookups: string[] = [];
  const counted = (folder: Folder) => (folder.__getitem__ = (name: string) => (lookups.push(name), folder.children.get(name)));
  counted(root);
  counted(site);
  const { testapp } = makeApp((config) => {
    config.setRootFactory(() => root);
    config.addView((context: Page, request: Request) => {
      const before = lookups.length;
      const vroot = request.virtualRoot as Folder;
      expect(request.virtualRoot).toBe(vroot);
      expect((request as any).virtual_root).toBe(vroot);
      // Read twice, walked once; pyramid.traversal.virtual_root from the context agrees.
      const walked = lookups.slice(before);
      return new Response(`${vroot.__name__ || '<root>'} [${request.virtualRootPath.join(',')}] ${(virtualRoot(context, request) as Folder).__name__ || '<root>'} ${walked.join(',')}`);
    }, { context: Page });
    config.addView((_context: unknown, request: Request) => new Response(`no lookups: ${lookups.join(',')}`), { name: 'quiet' });
  });
  expect((await testapp.get('/page', { headers: { 'X-Vhm-Root': '/site' } })).text).toBe('site [site] site site');
  lookups.length = 0;
  expect((await testapp.get('/site/page')).text).toBe('<root> [] <root> ');
  // A request whose view never reads it pays nothing: traversal's own lookups only.
  lookups.length = 0;
  expect((await testapp.get('/quiet', { headers: { 'X-Vhm-Root': '/site' } })).text).toBe('no lookups: site,quiet');
  // A virtual root path that is not all found: the root, as Pyramid's traverser answers.
  expect(new DummyRequest({ headers: { 'x-vhm-root': '/nowhere/site' } }).virtualRoot).toBe(null);
  const request = new DummyRequest({ headers: { 'x-vhm-root': '/site/missing' } });
  request.root = root;
  expect(request.virtualRoot).toBe(root);
  expect(request.virtualRootPath).toEqual(['site', 'missing']);
  void page;
});
