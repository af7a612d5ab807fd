import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { list } from './stores/day.svelte';
import { ui } from './stores/ui.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('paperboy: #app is missing from index.html');

// The first cards wait for two calls: the UI settings (the launch view and the sort) and the
// newest day. Both go out now, side by side; the day is asked again if the settings want another.
const uiLoad = ui.load();
list.prefetchNewestDay(ui.sort);

export default mount(App, { target, props: { uiLoad } });
