/*
 * pyramid-ts's deform.js: what the pages deform renders call. Each widget that needs script
 * registers a callback for its field id (deform.addCallback); deform.load() runs them once, when
 * the document is ready (it is also called for you on ready, so a page may call it or not).
 * An AJAX form (useAjax) calls deform.processCallbacks() again after it replaced itself, and
 * deform.focusFirstInput() to give the focus back. A sequence's add and close buttons call
 * appendSequenceItem and removeSequenceItem.
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

    /**
     * The add button of a sequence (sequence.pt): a new item from the prototype, while fewer
     * than max_len. Returns false, so that the link is not followed.
     */
    appendSequenceItem: function (button) {
      var seq = $(button).closest('.deform-seq');
      var counts = sequenceCounts(seq);
      if (counts.now < counts.max) {
        api.addSequenceItem(seq.find('.deform-proto').first(), counts.before);
        api.processSequenceButtons(seq, counts.min, counts.max, counts.now + 1, counts.orderable);
      }
      return false;
    },

    /**
     * Inserts the prototype's HTML (URL-quoted in its prototype attribute) before `before`,
     * each deformFieldN id and name made unique with a random suffix (labels follow), and runs
     * the new widgets' callbacks under their new ids.
     */
    addSequenceItem: function (protoNode, before) {
      var item = $(decodeURIComponent(protoNode.attr('prototype')));
      var suffix = api.randomString(6);
      var renamed = {};
      var rename = function (value) { return value.replace(/deformField(\d+)/, 'deformField$1-' + suffix); };
      item.find('[id]').addBack('[id]').each(function () {
        var node = $(this);
        var oldId = node.attr('id');
        var newId = rename(oldId);
        renamed[oldId] = newId;
        node.attr('id', newId);
        item.find('label[for="' + oldId + '"]').attr('for', newId);
      });
      item.find('[name]').each(function () {
        $(this).attr('name', rename($(this).attr('name')));
      });
      item.insertBefore(before);
      var pending = api.callbacks;
      api.clearCallbacks();
      for (var i = 0; i < pending.length; i++) {
        if (renamed[pending[i][0]]) pending[i][1](renamed[pending[i][0]]);
      }
      before.attr('now_len', parseInt(before.attr('now_len') || '0', 10) + 1);
      item.trigger('change');
    },

    /** The close button of a sequence item: removes it, while more than min_len remain. */
    removeSequenceItem: function (button) {
      var item = $(button).closest('.deform-seq-item');
      var seq = item.closest('.deform-seq');
      var counts = sequenceCounts(seq);
      if (counts.now > counts.min) {
        counts.before.attr('now_len', counts.now - 1);
        item.remove();
        seq.trigger('change');
        api.processSequenceButtons(seq, counts.min, counts.max, counts.now - 1, counts.orderable);
      }
      return false;
    },

    /** Shows the add, close and reorder buttons of this sequence (not of those nested in it) as the counts allow. */
    processSequenceButtons: function (seq, minLen, maxLen, nowLen, orderable) {
      var own = function (selector) {
        return seq.find(selector).filter(function () { return $(this).closest('.deform-seq')[0] === seq[0]; });
      };
      own('.deform-seq-item .deform-close-button').toggle(nowLen > minLen);
      own('.deform-seq-add').toggle(nowLen < maxLen);
      own('.deform-seq-item .deform-order-button').toggle(!!orderable && nowLen > 1);
    },

    /** `length` random letters and digits. */
    randomString: function (length) {
      var chars = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
      var out = '';
      for (var i = 0; i < length; i++) out += chars.charAt(Math.floor(Math.random() * chars.length));
      return out;
    },

    /** Focuses the field marked autofocus inside el, else its first visible input. */
    focusFirstInput: function (el) {
      var root = $(el || document);
      var target = root.find('[autofocus]').first();
      if (!target.length) target = root.find(':input').filter(':visible').not(':button, :submit, [type=hidden]').first();
      target.focus();
    }
  };
  /** A sequence's limits and count, kept on its insert-before marker. */
  function sequenceCounts(seq) {
    var before = seq.find('.deform-insert-before').filter(function () { return $(this).closest('.deform-seq')[0] === seq[0]; }).last();
    return {
      before: before,
      min: parseInt(before.attr('min_len') || '0', 10),
      max: parseInt(before.attr('max_len') || '9999', 10),
      now: parseInt(before.attr('now_len') || '0', 10),
      orderable: parseInt(before.attr('orderable') || '0', 10)
    };
  }

  $(function () { api.load(); });
  return api;
})(jQuery);
