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
  // Until the add and edit views exist (they need deform, being ported now): temporary.
  'databases: GET /add': 'wikipage_add not yet ported (waits for deform)',
  'databases: POST /add _charset_=UTF-8&__formid__=deform&title=New+Page&body=%3Cp%3ENew%3C%2Fp%3E&submit=submit': 'wikipage_add not yet ported',
  'databases: GET /': 'the pages the add view would have added are missing',
  'databases: GET /2': 'the page the add view would have added is missing',
  'databases: GET /2/edit': 'wikipage_edit not yet ported',
  'databases: POST /2/edit _charset_=UTF-8&__formid__=deform&title=Renamed+Page&body=%3Cp%3EChanged%3C%2Fp%3E&submit=submit': 'wikipage_edit not yet ported',
  'databases: POST /add _charset_=UTF-8&__formid__=deform&title=&body=%3Cp%3ENo+title%3C%2Fp%3E&submit=submit': 'wikipage_add not yet ported',
  'databases: POST /1/edit _charset_=UTF-8&__formid__=deform&title=Root&body=&submit=submit': 'wikipage_edit not yet ported',
  'databases: POST /add _charset_=UTF-8&__formid__=deform&title=Root&body=%3Cp%3EAgain%3C%2Fp%3E&submit=submit': 'wikipage_add not yet ported',
  'databases: GET /deform_static/css/form.css': 'deform\'s static assets not yet ported',
  'databases: GET /deform_static/missing.css': 'no deform_static view yet: the router\'s 404, not the static view\'s',
};
