'use strict';
/**
 * The differences the check accepts, each with its reason (the README's table lists them too).
 * Keyed by step and request as the check names them; a difference not listed here fails the test,
 * and a listed one that no longer occurs is reported so the list stays true.
 */
module.exports = {
  'jinja2: GET /': 'Jinja2 drops a template\'s single trailing newline (keep_trailing_newline=False); nunjucks keeps it. h12 makes the Jinja2 renderer drop it (framework/templates.ts); fixed once that lands on main.',
  'jinja2: GET /howdy': 'the same trailing newline as GET /',
  'cookiecutters: GET /': 'the step is made by our starter (npx pyramid-ts create), whose pages are its own Chameleon templates; the original chose the cookiecutter\'s jinja2 templates (layout.jinja2, mytemplate.jinja2). Status and headers are equal.',
  'cookiecutters: GET /static/theme.css': 'the starter\'s own stylesheet, not the cookiecutter\'s (which imports Google fonts)',
  'cookiecutters: GET /badurl': 'the starter\'s own 404 template (status 404 and headers equal)',
};
