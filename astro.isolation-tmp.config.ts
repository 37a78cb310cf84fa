// TEMPORARY (helper testing only; delete): the real config plus crossOriginIsolation().
import config from './astro.config';
import { crossOriginIsolation } from './src/sandbox/build/index';

export default { ...config, integrations: [...(config.integrations ?? []), crossOriginIsolation()] };
