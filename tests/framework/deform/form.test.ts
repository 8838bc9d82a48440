/**
 * deform's forms as the real deform 2.0.15 renders them, byte for byte: the forms below are
 * built as tests/fixtures/deform/make_expected.py builds them in Python, whose output is in
 * tests/fixtures/deform/expected/ (the tutorial's wiki page, and a form with each common widget).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import * as colander from '../../../framework/api/colander';
import * as deform from '../../../framework/api/deform';

const expectedDir = nodePath.join(__dirname, '../../fixtures/deform/expected');
const expected = (name: string) => fs.readFileSync(nodePath.join(expectedDir, name), 'utf-8');

class WikiPage extends colander.MappingSchema({
  title: new colander.SchemaNode(new colander.String()),
  body: new colander.SchemaNode(new colander.String(), { widget: new deform.widget.RichTextWidget() }),
}) {}

class Person extends colander.MappingSchema({
  name: new colander.SchemaNode(new colander.String(), { validator: colander.Length({ min: 2, max: 10 }), description: 'Your name' }),
  age: new colander.SchemaNode(new colander.Integer(), { validator: colander.Range({ min: 0, max: 150 }), missing: null }),
  email: new colander.SchemaNode(new colander.String(), { validator: colander.Email(), title: 'E-mail' }),
  bio: new colander.SchemaNode(new colander.String(), { widget: new deform.widget.TextAreaWidget({ rows: 5, cols: 40 }), missing: '' }),
  password: new colander.SchemaNode(new colander.String(), { widget: new deform.widget.PasswordWidget() }),
  token: new colander.SchemaNode(new colander.String(), { widget: new deform.widget.HiddenWidget(), missing: '' }),
  subscribe: new colander.SchemaNode(new colander.Boolean(), { missing: false }),
  color: new colander.SchemaNode(new colander.String(), {
    validator: colander.OneOf(['red', 'green']),
    widget: new deform.widget.SelectWidget({ values: [['', '- choose -'], ['red', 'Red'], ['green', 'Green'], ['blue', 'Blue']] }),
  }),
  nick_name: new colander.SchemaNode(new colander.String(), {
    missing: '',
    widget: new deform.widget.TextInputWidget({ cssClass: 'wide', style: 'width: 10em', attributes: { placeholder: 'Nick' } }),
  }),
}) {}

class Address extends colander.MappingSchema({
  street: new colander.SchemaNode(new colander.String()),
  city: new colander.SchemaNode(new colander.String(), { missing: 'Paris' }),
}) {}

class Order extends colander.MappingSchema({
  customer: new colander.SchemaNode(new colander.String(), { widget: new deform.widget.TextInputWidget({ inputPrepend: '@', inputAppend: '.com' }) }),
  address: new Address({ description: 'Where it goes' }),
  sizes: new colander.SchemaNode(new colander.String(), {
    widget: new deform.widget.SelectWidget({
      values: [
        new deform.widget.OptGroup('Small', ['s', 'S'], ['xs', 'XS']),
        new deform.widget.OptGroup('Large', ['l', 'L']),
        ['other', 'Other'],
      ],
    }),
  }),
  gift: new colander.SchemaNode(new colander.Boolean(), { label: 'Wrap it as a gift', missing: false }),
  note: new colander.SchemaNode(new colander.String(), {
    missing: '',
    widget: new deform.widget.RichTextWidget({ delayedLoad: true, options: { height: 400, menubar: false, plugins: 'link' } }),
  }),
  quantity: new colander.SchemaNode(new colander.Integer(), { autofocus: 'on', oid: 'qty', default: 1 }),
  extras: new colander.SchemaNode(new colander.Set(), {
    missing: [],
    widget: new deform.widget.SelectWidget({ values: [['box', 'Box'], ['card', 'Card'], [3, 'Three']], multiple: true, size: 3 }),
  }),
}) {}

const orderForm = () => new deform.Form(new Order({ title: 'Your order', description: 'All fields' }), {
  buttons: [
    new deform.Button({ name: 'order', title: 'Order now', icon: 'ok' }),
    new deform.Button({ name: 'later', disabled: true }),
    new deform.Button({ name: 'back', type: 'link', value: '/shop' }),
  ],
  autocomplete: false,
  useAjax: true,
  ajaxOptions: '{"timeout": 5}',
});

class Choices extends colander.MappingSchema({
  color: new colander.SchemaNode(new colander.String(), {
    validator: colander.OneOf(['red', 'green']),
    widget: new deform.widget.RadioChoiceWidget({ values: [['red', 'Red'], ['green', 'Green'], ['blue', 'Blue <3']] }),
  }),
  size: new colander.SchemaNode(new colander.Integer(), {
    missing: 2,
    widget: new deform.widget.RadioChoiceWidget({ values: [[1, 'Small'], [2, 'Medium']], inline: true }),
  }),
  toppings: new colander.SchemaNode(new colander.Set(), {
    validator: colander.Length({ min: 1 }),
    widget: new deform.widget.CheckboxChoiceWidget({ values: [['ham', 'Ham'], ['egg', 'Egg'], ['cheese', 'Cheese']] }),
  }),
  sauces: new colander.SchemaNode(new colander.Set(), {
    missing: [],
    widget: new deform.widget.CheckboxChoiceWidget({ values: [['bbq', 'BBQ'], ['hot', 'Hot']], inline: true }),
  }),
}) {}

class Friend extends colander.MappingSchema({
  name: new colander.SchemaNode(new colander.String()),
  rank: new colander.SchemaNode(new colander.Integer(), { missing: 0 }),
}) {}

class Friends extends colander.SequenceSchema({ friend: new Friend() }) {}

class Tags extends colander.SequenceSchema({
  tag: new colander.SchemaNode(new colander.String(), { validator: colander.Length({ max: 5 }) }),
}) {}

class Party extends colander.MappingSchema({
  title: new colander.SchemaNode(new colander.String()),
  friends: new Friends({ widget: new deform.widget.SequenceWidget({ orderable: true, maxLen: 3 }) }),
  tags: new Tags({ widget: new deform.widget.SequenceWidget({ minLen: 1 }), missing: [] }),
}) {}

const partyForm = () => new deform.Form(new Party(), { buttons: ['submit'], formid: 'party' });

const choicesForm = () => new deform.Form(new Choices(), { buttons: ['submit'], formid: 'choices' });

const wiki = () => new deform.Form(new WikiPage(), { buttons: ['submit'] });
const personForm = () => new deform.Form(new Person(), {
  buttons: ['save', new deform.Button({ name: 'cancel', title: 'Go back', cssClass: 'btn-link' })],
  formid: 'person',
  action: '/people',
});

class Prefs extends colander.MappingSchema({
  subscribe: new colander.SchemaNode(new colander.Boolean(), { missing: false }),
  color: new colander.SchemaNode(new colander.String(), { widget: new deform.widget.RadioChoiceWidget({ values: [['red', 'Red'], ['green', 'Green']] }) }),
}) {}

const prefsForm = () => new deform.Form(new Prefs(), { buttons: ['save'], formid: 'prefs' });

/**
 * Renders with an app's own checkbox.pt and radio_choice.pt (tests/fixtures/deform/templates/)
 * before deform's: its `tal:attributes="checked ..."` are booleans, as under deform's loader.
 */
function withOverrides(render: () => string): string {
  deform.Form.setZptRenderer(nodePath.join(__dirname, '../../fixtures/deform/templates'));
  try {
    return render();
  } finally {
    deform.Form.setDefaultRenderer(deform.defaultRenderer);
  }
}

function failure(form: deform.Form, controls: Array<[string, string]>): string {
  try {
    form.validate(controls);
  } catch (e) {
    if (e instanceof deform.ValidationFailure) return e.render();
    throw e;
  }
  throw new Error('expected a ValidationFailure');
}

const cases: Record<string, () => string> = {
  wiki_add: () => wiki().render(),
  wiki_edit: () => wiki().render({ uid: '101', title: 'Page 101', body: '<em>101</em>' }),
  wiki_errors: () => failure(wiki(), [['title', ''], ['body', ''], ['submit', 'submit']]),
  wiki_body_error: () => failure(wiki(), [['title', ' Kept <b> '], ['body', '  '], ['submit', 'submit']]),
  person_empty: () => personForm().render(),
  person_filled: () => personForm().render({
    name: 'Ann "A" <x>', age: 42, email: 'ann@example.com', bio: 'line 1\nline 2 & more',
    password: 'secret', token: 'tok', subscribe: true, color: 'green', nick_name: 'annie',
  }),
  person_errors: () => failure(personForm(), [
    ['name', 'A'], ['age', 'old'], ['email', 'not-an-address'], ['bio', ''], ['password', 'pw'],
    ['token', 'tok'], ['subscribe', 'true'], ['color', 'blue'], ['nick_name', ''], ['save', 'save'],
  ]),
  person_unfocused: () => new deform.Form(new Person(), { focus: 'off' }).render(),
  choices_empty: () => choicesForm().render(),
  choices_filled: () => choicesForm().render({ color: 'green', size: 1, toppings: new Set(['egg', 'cheese']), sauces: ['hot'] }),
  choices_errors: () => failure(choicesForm(), [
    ['__start__', 'color:rename'], ['deformField1', 'blue'], ['__end__', 'color:rename'],
    ['__start__', 'size:rename'], ['__end__', 'size:rename'],
    ['__start__', 'toppings:sequence'], ['__end__', 'toppings:sequence'],
    ['__start__', 'sauces:sequence'], ['checkbox', 'bbq'], ['__end__', 'sauces:sequence'], ['submit', 'submit'],
  ]),
  party_empty: () => partyForm().render(),
  party_filled: () => partyForm().render({
    title: 'Fête', friends: [{ name: 'Ann', rank: 1 }, { name: 'Bob', rank: 2 }], tags: ['a', 'b'],
  }),
  party_errors: () => failure(partyForm(), [
    ['title', 'T'],
    ['__start__', 'friends:sequence'],
    ['__start__', 'friend:mapping'], ['name', 'Ann'], ['rank', 'x'], ['__end__', 'friend:mapping'],
    ['__start__', 'friend:mapping'], ['name', ''], ['rank', ''], ['__end__', 'friend:mapping'],
    ['__end__', 'friends:sequence'],
    ['__start__', 'tags:sequence'], ['tag', 'ok'], ['tag', 'toolong'], ['__end__', 'tags:sequence'],
    ['submit', 'submit'],
  ]),
  order_empty: () => orderForm().render(),
  order_filled: () => orderForm().render({
    customer: 'ann', address: { street: '1 Rue', city: 'Lyon' }, sizes: 'xs', gift: true, note: '<p>thanks</p>', quantity: 3, extras: ['card', '3'],
  }),
  prefs_overridden_empty: () => withOverrides(() => prefsForm().render()),
  prefs_overridden_filled: () => withOverrides(() => prefsForm().render({ subscribe: true, color: 'green' })),
  prefs_overridden_off: () => withOverrides(() => prefsForm().render({ subscribe: false, color: 'red' })),
  order_errors: () => failure(orderForm(), [
    ['customer', ''], ['__start__', 'address:mapping'], ['street', ''], ['city', ''], ['__end__', 'address:mapping'],
    ['sizes', 'l'], ['note', '<b>x</b>'], ['quantity', 'two'],
    ['__start__', 'extras:sequence'], ['extras', 'box'], ['__end__', 'extras:sequence'], ['order', 'order'],
  ]),
};

test.each(Object.keys(cases))('%s renders as deform renders it', (name) => {
  expect(cases[name]()).toBe(expected(`${name}.html`));
});

test('every case deform rendered is checked here', () => {
  const made = fs.readdirSync(expectedDir).filter((f) => f.endsWith('.html')).map((f) => f.replace(/\.html$/, ''));
  expect(Object.keys(cases).sort()).toEqual(made.sort());
});

test('getWidgetResources lists the files each form\'s widgets need, as deform does', () => {
  const resources = JSON.parse(expected('resources.json'));
  expect(wiki().getWidgetResources()).toEqual(resources.wiki);
  expect(personForm().getWidgetResources()).toEqual(resources.person);
  expect(orderForm().getWidgetResources()).toEqual(resources.order);
  expect(partyForm().getWidgetResources()).toEqual(resources.party);
});

test('validate returns the data as deform and colander make it (stripped, typed, missing filled in)', () => {
  const data = new deform.Form(new Person()).validate([
    ['name', ' Ann '], ['age', '42'], ['email', 'ann@example.com'], ['bio', 'b'], ['password', 'pw'],
    ['token', ''], ['color', 'red'], ['nick_name', 'x'],
  ]);
  expect(data).toEqual(JSON.parse(expected('person_valid.json')));
});

test('nested mappings come back nested, with their missing values', () => {
  const data = orderForm().validate([
    ['customer', 'bob'], ['__start__', 'address:mapping'], ['street', '2 Av'], ['city', ''], ['__end__', 'address:mapping'],
    ['sizes', 'l'], ['gift', 'true'], ['note', ''], ['quantity', ' 4 '],
    ['__start__', 'extras:sequence'], ['extras', 'box'], ['extras', '3'], ['__end__', 'extras:sequence'],
  ]) as Record<string, unknown>;
  // colander.Set gives a set (Python's, a JavaScript Set here); the fixture lists it sorted
  expect({ ...data, extras: [...(data.extras as Set<string>)].sort() }).toEqual(JSON.parse(expected('order_valid.json')));
});

test('sequences come back as arrays of their items', () => {
  const data = partyForm().validate([
    ['title', 'T'], ['__start__', 'friends:sequence'],
    ['__start__', 'friend:mapping'], ['name', 'Ann'], ['rank', '3'], ['__end__', 'friend:mapping'],
    ['__end__', 'friends:sequence'], ['__start__', 'tags:sequence'], ['__end__', 'tags:sequence'],
  ]);
  expect(data).toEqual(JSON.parse(expected('party_valid.json')));
});

test('radio buttons and checkboxes come back as a value and a set', () => {
  const data = choicesForm().validate([
    ['__start__', 'color:rename'], ['deformField1', 'red'], ['__end__', 'color:rename'],
    ['__start__', 'size:rename'], ['deformField2', '1'], ['__end__', 'size:rename'],
    ['__start__', 'toppings:sequence'], ['checkbox', 'ham'], ['checkbox', 'egg'], ['__end__', 'toppings:sequence'],
  ]) as Record<string, unknown>;
  const sorted = (value: unknown) => [...(value as Iterable<string>)].sort();
  expect({ ...data, toppings: sorted(data.toppings), sauces: sorted(data.sauces) }).toEqual(JSON.parse(expected('choices_valid.json')));
});

test('ValidationFailure carries the field errors; the form keeps what was posted', () => {
  const form = wiki();
  let failed: deform.ValidationFailure | null = null;
  try {
    form.validate([['title', 'Kept'], ['body', ''], ['submit', 'submit']]);
  } catch (e) {
    if (e instanceof deform.ValidationFailure) failed = e;
    else throw e;
  }
  expect(failed).not.toBeNull();
  expect(failed!.error.asdict()).toEqual({ body: 'Required' });
  expect(form.get('title').cstruct).toBe('Kept');
  expect(form.get('body').errormsg).toBe('Required');
  expect(form.get('title').error).toBeNull();
});

test('malformed peppercorn markers are a validation failure, not a crash', () => {
  expect(() => wiki().validate([['__start__', 'x:bogus']])).toThrow(deform.ValidationFailure);
  expect(() => wiki().validate([['__end__', 'x:mapping']])).toThrow(deform.ValidationFailure);
});

test('an app\'s own template folder comes first (Form.setZptRenderer); deform\'s fills in the rest', () => {
  const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'deform-templates-'));
  fs.writeFileSync(nodePath.join(dir, 'textinput.pt'), '<input class="mine" name="${field.name}" value="${cstruct}"/>');
  try {
    deform.Form.setZptRenderer(dir);
    const html = wiki().render({ title: 'T <b>', body: 'B' });
    expect(html).toContain('<input class="mine" name="title" value="T &lt;b&gt;"/>');
    expect(html).toContain('class="tinymce form-control">B</textarea>');
  } finally {
    deform.Form.setDefaultRenderer(deform.defaultRenderer);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  expect(wiki().render()).toBe(expected('wiki_add.html'));
});

test('readonly rendering is refused, not silently ignored', () => {
  expect(() => wiki().render(undefined, { readonly: true })).toThrow(/readonly rendering .* is not carried/);
});
