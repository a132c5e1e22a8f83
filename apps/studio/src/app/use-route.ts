import { useEffect, useState } from 'preact/hooks';
import { parseRoute, routeHash, type Route } from './route';

/** The current route, following the location's hash (links, back and forward). */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const follow = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);
  return route;
}

/** Goes to a route, as a link would (it enters the history). */
export function navigate(route: Route): void {
  location.hash = routeHash(route);
}
