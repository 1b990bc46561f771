/**
 * Rebuilds the full route template of an express 5 request (`/orgs/:orgId/users/:id`) from the router layers'
 * registration paths. `req.baseUrl` holds the *matched values* of parametrised mounts (`/orgs/42`), so it is only
 * used as a last resort, with every segment that could carry data replaced by `:param`.
 */

interface LayerLike {
  rawPath?: unknown;
  route?: unknown;
  handle?: { stack?: unknown };
  match?: (path: string) => unknown;
}

/** The parts of an express request the template reader needs (structural: no express import at runtime). */
export interface ExpressRequestLike {
  route?: { path?: unknown };
  baseUrl?: string;
  originalUrl?: string;
  url?: string;
  app?: AppLike;
}

/** An express application; a mounted sub-app has its registration path in `mountpath` and its parent app. */
interface AppLike {
  router?: { stack?: unknown };
  mountpath?: unknown;
  parent?: unknown;
}

const MAX_DEPTH = 8;
const MAX_LAYERS_VISITED = 2000;
/** Sub-app mounts: how many parents are followed, and how many path suffixes are tried inside a sub-app. */
const MAX_APP_DEPTH = 8;
const MAX_SUFFIXES = 16;

/** The template, `undefined` when no route matched (the caller logs `unmatched`). */
export function expressRouteTemplate(req: ExpressRequestLike): string | undefined {
  const route = req.route;
  if (route === undefined || route === null || typeof route.path !== 'string') return undefined;
  const path = pathnameOf(req.originalUrl ?? req.url ?? '/');
  const app = req.app;
  const rootStack = app?.router?.stack;
  const budget = { layers: MAX_LAYERS_VISITED };
  if (Array.isArray(rootStack)) {
    const appMount = app === undefined ? '' : subAppMount(app);
    if (appMount === '') {
      const mount = findMount(rootStack as LayerLike[], route, path, '', 0, budget);
      if (mount !== undefined) return join(mount, route.path);
    } else {
      // A mounted sub-app's layers match the path below its mount point, whose matched values we do not know:
      // try the path's suffixes; whatever is found is built from registration paths only.
      let suffix = path;
      for (let i = 0; i < MAX_SUFFIXES && suffix !== ''; i++) {
        const mount = findMount(rootStack as LayerLike[], route, suffix, '', 0, budget);
        if (mount !== undefined) return join(join(appMount, mount), route.path);
        const next = suffix.indexOf('/', 1);
        suffix = next === -1 ? '' : suffix.slice(next);
      }
    }
  }
  return join(sanitizeBaseUrl(req.baseUrl ?? ''), route.path);
}

/** The registration-path template of a mounted sub-app (`/users/:name`), `''` for the top-level app. */
function subAppMount(app: AppLike): string {
  let template = '';
  let current: AppLike | undefined = app;
  for (let depth = 0; depth < MAX_APP_DEPTH && current?.parent !== undefined && current.parent !== null; depth++) {
    const mountpath = current.mountpath;
    // An array or pattern mount cannot tell which entry matched: a placeholder, never the matched value.
    const own = typeof mountpath === 'string' ? (mountpath === '/' ? '' : mountpath) : '/:mount';
    template = join(own, template).replace(/\/$/, '');
    current = current.parent as AppLike;
  }
  return template;
}

function findMount(
  stack: LayerLike[],
  route: object,
  path: string,
  prefix: string,
  depth: number,
  budget: { layers: number },
): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  for (const layer of stack) {
    if (--budget.layers < 0) return undefined;
    if (layer.route === route) return prefix;
    const child = layer.handle?.stack;
    if (layer.route !== undefined || !Array.isArray(child) || typeof layer.match !== 'function') continue;
    let matched: unknown;
    try {
      matched = layer.match(path);
    } catch {
      continue;
    }
    if (!matched || typeof matched !== 'object') continue;
    const matchedPath = (matched as { path?: unknown }).path;
    const raw = typeof layer.rawPath === 'string' ? layer.rawPath : undefined;
    if (raw === undefined || typeof matchedPath !== 'string') continue;
    const rest = path.slice(matchedPath.length) || '/';
    const found = findMount(child as LayerLike[], route, rest, join(prefix, raw === '/' ? '' : raw), depth + 1, budget);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The path of a request target, absolute-form (`http://user:pass@host/x?q`) included, as express routes it. */
function pathnameOf(url: string): string {
  const q = url.indexOf('?');
  const target = q === -1 ? url : url.slice(0, q);
  const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/]*/.exec(target);
  return authority === null ? target : target.slice(authority[0].length) || '/';
}

function join(prefix: string, path: string): string {
  const joined = `${prefix.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  return joined.length > 1 ? joined.replace(/\/+$/, '') || '/' : joined;
}

const WORD_SEGMENT = /^[A-Za-z]{1,32}(?:[-_][A-Za-z]{1,32}){0,4}$/;
const VERSION_SEGMENT = /^v\d{1,2}$/;

/**
 * Keeps plain word segments (`api`, `admin`, `audit-log`) and API versions (`v1`); replaces anything that could be a
 * value (digits, ids, emails) with `:param`.
 */
export function sanitizeBaseUrl(baseUrl: string): string {
  return baseUrl
    .split('/')
    .map((s) => (s === '' || WORD_SEGMENT.test(s) || VERSION_SEGMENT.test(s) ? s : ':param'))
    .join('/');
}
