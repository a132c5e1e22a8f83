import '@fontsource/inter/400.css';
import '@fontsource/inter/600.css';
import '@fontsource/inter/700.css';
import { render } from 'preact';
import 'uplot/dist/uPlot.min.css';
import { App } from './app/app';
import './studio.css';

const root = document.getElementById('studio');
if (root === null) throw new Error('Heed Studio: the page has no #studio element');
render(<App />, root);
