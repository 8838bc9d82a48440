/**
 * `pyramid-ts/deform`, as Python's deform: forms rendered from colander schemas, validated back
 * to data. `import * as deform from 'pyramid-ts/deform'`; widgets are `deform.widget.*`, and
 * `config.addStaticView('deform_static', 'deform:static/')` serves the files its pages load.
 */
export * from '../deform';
