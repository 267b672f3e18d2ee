import { useEffect, useState } from 'react';

// A deliberately small client-side router: the point of this example is that a reload of /about or
// /docs/caching must come back from the CDN as the app (SPA routing), not as a 404.
const routes = {
  '/': () => <Home />,
  '/about': () => <About />,
};

function route(path) {
  if (routes[path]) return routes[path]();
  const doc = path.match(/^\/docs\/([a-z0-9-]+)$/);
  if (doc) return <Doc name={doc[1]} />;
  return <NotFound path={path} />;
}

export function App() {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const go = (to) => (event) => {
    event.preventDefault();
    window.history.pushState({}, '', to);
    setPath(to);
  };
  return (
    <main>
      <nav>
        <a href="/" onClick={go('/')}>Home</a> · <a href="/about" onClick={go('/about')}>About</a> ·{' '}
        <a href="/docs/caching" onClick={go('/docs/caching')}>Docs: caching</a>
      </nav>
      <section data-route={path}>{route(path)}</section>
    </main>
  );
}

function Home() {
  return (
    <>
      <h1 id="title">Served by EdgeCdn</h1>
      <p>This page came from a private bucket, through an edge node that cached it.</p>
    </>
  );
}

function About() {
  return <h1 id="title">About this example</h1>;
}

function Doc({ name }) {
  return <h1 id="title">Docs: {name}</h1>;
}

function NotFound({ path }) {
  return <h1 id="title">No page at {path}</h1>;
}
