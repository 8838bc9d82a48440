/*
 * pyramid-ts's deform.js: what the pages deform renders call. Each widget that needs script
 * registers a callback for its field id (deform.addCallback); deform.load() runs them once, when
 * the document is ready (it is also called for you on ready, so a page may call it or not).
 * An AJAX form (useAjax) calls deform.processCallbacks() again after it replaced itself, and
 * deform.focusFirstInput() to give the focus back.
 */
var deform = (function ($) {
  var loaded = false;
  var api = {
    callbacks: [],

    /** Runs callback(oid) when the form loads. */
    addCallback: function (oid, callback) {
      api.callbacks.push([oid, callback]);
    },

    clearCallbacks: function () {
      api.callbacks = [];
    },

    /** Runs the registered callbacks once, when the document is ready. */
    load: function () {
      $(function () {
        if (loaded) return;
        loaded = true;
        api.processCallbacks();
      });
    },

    /** Runs the registered callbacks now and forgets them. */
    processCallbacks: function () {
      var pending = api.callbacks;
      api.clearCallbacks();
      for (var i = 0; i < pending.length; i++) pending[i][1](pending[i][0]);
    },

    /** Focuses the field marked autofocus inside el, else its first visible input. */
    focusFirstInput: function (el) {
      var root = $(el || document);
      var target = root.find('[autofocus]').first();
      if (!target.length) target = root.find(':input').filter(':visible').not(':button, :submit, [type=hidden]').first();
      target.focus();
    }
  };
  $(function () { api.load(); });
  return api;
})(jQuery);
