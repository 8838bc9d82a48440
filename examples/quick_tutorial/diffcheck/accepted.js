'use strict';
/**
 * The differences the check accepts, each with its reason (the README's table lists them too).
 * Keyed by step and request as the check names them; a difference not listed here fails the test,
 * and a listed one that no longer occurs is reported so the list stays true.
 */
module.exports = {
  'cookiecutters: GET /': 'the step is made by our starter (npx pyramid-ts create), whose pages are its own Chameleon templates; the original chose the cookiecutter\'s jinja2 templates (layout.jinja2, mytemplate.jinja2). Status and headers are equal.',
  'cookiecutters: GET /static/theme.css': 'the starter\'s own stylesheet, not the cookiecutter\'s (which imports Google fonts)',
  'cookiecutters: GET /badurl': 'the starter\'s own 404 template (status 404 and headers equal)',
  'databases: GET /deform_static/css/form.css': 'deform:static/css/form.css is pyramid-ts\'s own stylesheet for the markup deform renders (framework/deform/static/, written for the port, not copied from deform 2.0.15); status and Content-Type equal. Every page, redirect and error of the step is equal.',
};
