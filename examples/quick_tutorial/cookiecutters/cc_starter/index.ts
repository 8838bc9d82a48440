import { Configurator } from 'pyramid-ts/config';


/** This function returns a pyramid-ts app (a Node request listener). */
export function main(globalConfig: Record<string, string>, settings: Record<string, string>) {
  const config = new Configurator({ settings });
  config.include('pyramid_chameleon');
  config.include('.routes');
  config.scan();
  return config.makeWsgiApp();
}
