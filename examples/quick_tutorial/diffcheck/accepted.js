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
};
