import { createApp } from './app.js';

const app = await createApp({ upgrade: process.env.UPGRADE_ON_START === '1' });
const port = Number(process.env.PORT ?? 3000);
app.listen(port, () => {
  console.log(`todo app on http://localhost:${port} (readiness: /ready)`);
});
