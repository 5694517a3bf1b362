#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __require = /* @__PURE__ */ ((x) => typeof require !== "undefined" ? require : typeof Proxy !== "undefined" ? new Proxy(x, {
  get: (a, b) => (typeof require !== "undefined" ? require : a)[b]
}) : x)(function(x) {
  if (typeof require !== "undefined") return require.apply(this, arguments);
  throw Error('Dynamic require of "' + x + '" is not supported');
});
var __commonJS = (cb, mod) => function __require2() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// node_modules/ajv/dist/compile/codegen/code.js
var require_code = __commonJS({
  "node_modules/ajv/dist/compile/codegen/code.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.regexpCode = exports.getEsmExportName = exports.getProperty = exports.safeStringify = exports.stringify = exports.strConcat = exports.addCodeArg = exports.str = exports._ = exports.nil = exports._Code = exports.Name = exports.IDENTIFIER = exports._CodeOrName = void 0;
    var _CodeOrName = class {
    };
    exports._CodeOrName = _CodeOrName;
    exports.IDENTIFIER = /^[a-z$_][a-z$_0-9]*$/i;
    var Name = class extends _CodeOrName {
      constructor(s) {
        super();
        if (!exports.IDENTIFIER.test(s))
          throw new Error("CodeGen: name must be a valid identifier");
        this.str = s;
      }
      toString() {
        return this.str;
      }
      emptyStr() {
        return false;
      }
      get names() {
        return { [this.str]: 1 };
      }
    };
    exports.Name = Name;
    var _Code = class extends _CodeOrName {
      constructor(code2) {
        super();
        this._items = typeof code2 === "string" ? [code2] : code2;
      }
      toString() {
        return this.str;
      }
      emptyStr() {
        if (this._items.length > 1)
          return false;
        const item = this._items[0];
        return item === "" || item === '""';
      }
      get str() {
        var _a;
        return (_a = this._str) !== null && _a !== void 0 ? _a : this._str = this._items.reduce((s, c) => `${s}${c}`, "");
      }
      get names() {
        var _a;
        return (_a = this._names) !== null && _a !== void 0 ? _a : this._names = this._items.reduce((names, c) => {
          if (c instanceof Name)
            names[c.str] = (names[c.str] || 0) + 1;
          return names;
        }, {});
      }
    };
    exports._Code = _Code;
    exports.nil = new _Code("");
    function _(strs, ...args) {
      const code2 = [strs[0]];
      let i = 0;
      while (i < args.length) {
        addCodeArg(code2, args[i]);
        code2.push(strs[++i]);
      }
      return new _Code(code2);
    }
    exports._ = _;
    var plus = new _Code("+");
    function str3(strs, ...args) {
      const expr = [safeStringify(strs[0])];
      let i = 0;
      while (i < args.length) {
        expr.push(plus);
        addCodeArg(expr, args[i]);
        expr.push(plus, safeStringify(strs[++i]));
      }
      optimize(expr);
      return new _Code(expr);
    }
    exports.str = str3;
    function addCodeArg(code2, arg) {
      if (arg instanceof _Code)
        code2.push(...arg._items);
      else if (arg instanceof Name)
        code2.push(arg);
      else
        code2.push(interpolate(arg));
    }
    exports.addCodeArg = addCodeArg;
    function optimize(expr) {
      let i = 1;
      while (i < expr.length - 1) {
        if (expr[i] === plus) {
          const res = mergeExprItems(expr[i - 1], expr[i + 1]);
          if (res !== void 0) {
            expr.splice(i - 1, 3, res);
            continue;
          }
          expr[i++] = "+";
        }
        i++;
      }
    }
    function mergeExprItems(a, b) {
      if (b === '""')
        return a;
      if (a === '""')
        return b;
      if (typeof a == "string") {
        if (b instanceof Name || a[a.length - 1] !== '"')
          return;
        if (typeof b != "string")
          return `${a.slice(0, -1)}${b}"`;
        if (b[0] === '"')
          return a.slice(0, -1) + b.slice(1);
        return;
      }
      if (typeof b == "string" && b[0] === '"' && !(a instanceof Name))
        return `"${a}${b.slice(1)}`;
      return;
    }
    function strConcat(c1, c2) {
      return c2.emptyStr() ? c1 : c1.emptyStr() ? c2 : str3`${c1}${c2}`;
    }
    exports.strConcat = strConcat;
    function interpolate(x) {
      return typeof x == "number" || typeof x == "boolean" || x === null ? x : safeStringify(Array.isArray(x) ? x.join(",") : x);
    }
    function stringify(x) {
      return new _Code(safeStringify(x));
    }
    exports.stringify = stringify;
    function safeStringify(x) {
      return JSON.stringify(x).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
    }
    exports.safeStringify = safeStringify;
    function getProperty(key) {
      return typeof key == "string" && exports.IDENTIFIER.test(key) ? new _Code(`.${key}`) : _`[${key}]`;
    }
    exports.getProperty = getProperty;
    function getEsmExportName(key) {
      if (typeof key == "string" && exports.IDENTIFIER.test(key)) {
        return new _Code(`${key}`);
      }
      throw new Error(`CodeGen: invalid export name: ${key}, use explicit $id name mapping`);
    }
    exports.getEsmExportName = getEsmExportName;
    function regexpCode(rx) {
      return new _Code(rx.toString());
    }
    exports.regexpCode = regexpCode;
  }
});

// node_modules/ajv/dist/compile/codegen/scope.js
var require_scope = __commonJS({
  "node_modules/ajv/dist/compile/codegen/scope.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.ValueScope = exports.ValueScopeName = exports.Scope = exports.varKinds = exports.UsedValueState = void 0;
    var code_1 = require_code();
    var ValueError = class extends Error {
      constructor(name) {
        super(`CodeGen: "code" for ${name} not defined`);
        this.value = name.value;
      }
    };
    var UsedValueState;
    (function(UsedValueState2) {
      UsedValueState2[UsedValueState2["Started"] = 0] = "Started";
      UsedValueState2[UsedValueState2["Completed"] = 1] = "Completed";
    })(UsedValueState || (exports.UsedValueState = UsedValueState = {}));
    exports.varKinds = {
      const: new code_1.Name("const"),
      let: new code_1.Name("let"),
      var: new code_1.Name("var")
    };
    var Scope = class {
      constructor({ prefixes, parent } = {}) {
        this._names = {};
        this._prefixes = prefixes;
        this._parent = parent;
      }
      toName(nameOrPrefix) {
        return nameOrPrefix instanceof code_1.Name ? nameOrPrefix : this.name(nameOrPrefix);
      }
      name(prefix) {
        return new code_1.Name(this._newName(prefix));
      }
      _newName(prefix) {
        const ng = this._names[prefix] || this._nameGroup(prefix);
        return `${prefix}${ng.index++}`;
      }
      _nameGroup(prefix) {
        var _a, _b;
        if (((_b = (_a = this._parent) === null || _a === void 0 ? void 0 : _a._prefixes) === null || _b === void 0 ? void 0 : _b.has(prefix)) || this._prefixes && !this._prefixes.has(prefix)) {
          throw new Error(`CodeGen: prefix "${prefix}" is not allowed in this scope`);
        }
        return this._names[prefix] = { prefix, index: 0 };
      }
    };
    exports.Scope = Scope;
    var ValueScopeName = class extends code_1.Name {
      constructor(prefix, nameStr) {
        super(nameStr);
        this.prefix = prefix;
      }
      setValue(value, { property, itemIndex }) {
        this.value = value;
        this.scopePath = (0, code_1._)`.${new code_1.Name(property)}[${itemIndex}]`;
      }
    };
    exports.ValueScopeName = ValueScopeName;
    var line = (0, code_1._)`\n`;
    var ValueScope = class extends Scope {
      constructor(opts) {
        super(opts);
        this._values = {};
        this._scope = opts.scope;
        this.opts = { ...opts, _n: opts.lines ? line : code_1.nil };
      }
      get() {
        return this._scope;
      }
      name(prefix) {
        return new ValueScopeName(prefix, this._newName(prefix));
      }
      value(nameOrPrefix, value) {
        var _a;
        if (value.ref === void 0)
          throw new Error("CodeGen: ref must be passed in value");
        const name = this.toName(nameOrPrefix);
        const { prefix } = name;
        const valueKey = (_a = value.key) !== null && _a !== void 0 ? _a : value.ref;
        let vs = this._values[prefix];
        if (vs) {
          const _name = vs.get(valueKey);
          if (_name)
            return _name;
        } else {
          vs = this._values[prefix] = /* @__PURE__ */ new Map();
        }
        vs.set(valueKey, name);
        const s = this._scope[prefix] || (this._scope[prefix] = []);
        const itemIndex = s.length;
        s[itemIndex] = value.ref;
        name.setValue(value, { property: prefix, itemIndex });
        return name;
      }
      getValue(prefix, keyOrRef) {
        const vs = this._values[prefix];
        if (!vs)
          return;
        return vs.get(keyOrRef);
      }
      scopeRefs(scopeName, values = this._values) {
        return this._reduceValues(values, (name) => {
          if (name.scopePath === void 0)
            throw new Error(`CodeGen: name "${name}" has no value`);
          return (0, code_1._)`${scopeName}${name.scopePath}`;
        });
      }
      scopeCode(values = this._values, usedValues, getCode) {
        return this._reduceValues(values, (name) => {
          if (name.value === void 0)
            throw new Error(`CodeGen: name "${name}" has no value`);
          return name.value.code;
        }, usedValues, getCode);
      }
      _reduceValues(values, valueCode, usedValues = {}, getCode) {
        let code2 = code_1.nil;
        for (const prefix in values) {
          const vs = values[prefix];
          if (!vs)
            continue;
          const nameSet = usedValues[prefix] = usedValues[prefix] || /* @__PURE__ */ new Map();
          vs.forEach((name) => {
            if (nameSet.has(name))
              return;
            nameSet.set(name, UsedValueState.Started);
            let c = valueCode(name);
            if (c) {
              const def = this.opts.es5 ? exports.varKinds.var : exports.varKinds.const;
              code2 = (0, code_1._)`${code2}${def} ${name} = ${c};${this.opts._n}`;
            } else if (c = getCode === null || getCode === void 0 ? void 0 : getCode(name)) {
              code2 = (0, code_1._)`${code2}${c}${this.opts._n}`;
            } else {
              throw new ValueError(name);
            }
            nameSet.set(name, UsedValueState.Completed);
          });
        }
        return code2;
      }
    };
    exports.ValueScope = ValueScope;
  }
});

// node_modules/ajv/dist/compile/codegen/index.js
var require_codegen = __commonJS({
  "node_modules/ajv/dist/compile/codegen/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.or = exports.and = exports.not = exports.CodeGen = exports.operators = exports.varKinds = exports.ValueScopeName = exports.ValueScope = exports.Scope = exports.Name = exports.regexpCode = exports.stringify = exports.getProperty = exports.nil = exports.strConcat = exports.str = exports._ = void 0;
    var code_1 = require_code();
    var scope_1 = require_scope();
    var code_2 = require_code();
    Object.defineProperty(exports, "_", { enumerable: true, get: function() {
      return code_2._;
    } });
    Object.defineProperty(exports, "str", { enumerable: true, get: function() {
      return code_2.str;
    } });
    Object.defineProperty(exports, "strConcat", { enumerable: true, get: function() {
      return code_2.strConcat;
    } });
    Object.defineProperty(exports, "nil", { enumerable: true, get: function() {
      return code_2.nil;
    } });
    Object.defineProperty(exports, "getProperty", { enumerable: true, get: function() {
      return code_2.getProperty;
    } });
    Object.defineProperty(exports, "stringify", { enumerable: true, get: function() {
      return code_2.stringify;
    } });
    Object.defineProperty(exports, "regexpCode", { enumerable: true, get: function() {
      return code_2.regexpCode;
    } });
    Object.defineProperty(exports, "Name", { enumerable: true, get: function() {
      return code_2.Name;
    } });
    var scope_2 = require_scope();
    Object.defineProperty(exports, "Scope", { enumerable: true, get: function() {
      return scope_2.Scope;
    } });
    Object.defineProperty(exports, "ValueScope", { enumerable: true, get: function() {
      return scope_2.ValueScope;
    } });
    Object.defineProperty(exports, "ValueScopeName", { enumerable: true, get: function() {
      return scope_2.ValueScopeName;
    } });
    Object.defineProperty(exports, "varKinds", { enumerable: true, get: function() {
      return scope_2.varKinds;
    } });
    exports.operators = {
      GT: new code_1._Code(">"),
      GTE: new code_1._Code(">="),
      LT: new code_1._Code("<"),
      LTE: new code_1._Code("<="),
      EQ: new code_1._Code("==="),
      NEQ: new code_1._Code("!=="),
      NOT: new code_1._Code("!"),
      OR: new code_1._Code("||"),
      AND: new code_1._Code("&&"),
      ADD: new code_1._Code("+")
    };
    var Node = class {
      optimizeNodes() {
        return this;
      }
      optimizeNames(_names, _constants) {
        return this;
      }
    };
    var Def = class extends Node {
      constructor(varKind, name, rhs) {
        super();
        this.varKind = varKind;
        this.name = name;
        this.rhs = rhs;
      }
      render({ es5, _n }) {
        const varKind = es5 ? scope_1.varKinds.var : this.varKind;
        const rhs = this.rhs === void 0 ? "" : ` = ${this.rhs}`;
        return `${varKind} ${this.name}${rhs};` + _n;
      }
      optimizeNames(names, constants) {
        if (!names[this.name.str])
          return;
        if (this.rhs)
          this.rhs = optimizeExpr(this.rhs, names, constants);
        return this;
      }
      get names() {
        return this.rhs instanceof code_1._CodeOrName ? this.rhs.names : {};
      }
    };
    var Assign = class extends Node {
      constructor(lhs, rhs, sideEffects) {
        super();
        this.lhs = lhs;
        this.rhs = rhs;
        this.sideEffects = sideEffects;
      }
      render({ _n }) {
        return `${this.lhs} = ${this.rhs};` + _n;
      }
      optimizeNames(names, constants) {
        if (this.lhs instanceof code_1.Name && !names[this.lhs.str] && !this.sideEffects)
          return;
        this.rhs = optimizeExpr(this.rhs, names, constants);
        return this;
      }
      get names() {
        const names = this.lhs instanceof code_1.Name ? {} : { ...this.lhs.names };
        return addExprNames(names, this.rhs);
      }
    };
    var AssignOp = class extends Assign {
      constructor(lhs, op, rhs, sideEffects) {
        super(lhs, rhs, sideEffects);
        this.op = op;
      }
      render({ _n }) {
        return `${this.lhs} ${this.op}= ${this.rhs};` + _n;
      }
    };
    var Label = class extends Node {
      constructor(label) {
        super();
        this.label = label;
        this.names = {};
      }
      render({ _n }) {
        return `${this.label}:` + _n;
      }
    };
    var Break = class extends Node {
      constructor(label) {
        super();
        this.label = label;
        this.names = {};
      }
      render({ _n }) {
        const label = this.label ? ` ${this.label}` : "";
        return `break${label};` + _n;
      }
    };
    var Throw = class extends Node {
      constructor(error) {
        super();
        this.error = error;
      }
      render({ _n }) {
        return `throw ${this.error};` + _n;
      }
      get names() {
        return this.error.names;
      }
    };
    var AnyCode = class extends Node {
      constructor(code2) {
        super();
        this.code = code2;
      }
      render({ _n }) {
        return `${this.code};` + _n;
      }
      optimizeNodes() {
        return `${this.code}` ? this : void 0;
      }
      optimizeNames(names, constants) {
        this.code = optimizeExpr(this.code, names, constants);
        return this;
      }
      get names() {
        return this.code instanceof code_1._CodeOrName ? this.code.names : {};
      }
    };
    var ParentNode = class extends Node {
      constructor(nodes = []) {
        super();
        this.nodes = nodes;
      }
      render(opts) {
        return this.nodes.reduce((code2, n) => code2 + n.render(opts), "");
      }
      optimizeNodes() {
        const { nodes } = this;
        let i = nodes.length;
        while (i--) {
          const n = nodes[i].optimizeNodes();
          if (Array.isArray(n))
            nodes.splice(i, 1, ...n);
          else if (n)
            nodes[i] = n;
          else
            nodes.splice(i, 1);
        }
        return nodes.length > 0 ? this : void 0;
      }
      optimizeNames(names, constants) {
        const { nodes } = this;
        let i = nodes.length;
        while (i--) {
          const n = nodes[i];
          if (n.optimizeNames(names, constants))
            continue;
          subtractNames(names, n.names);
          nodes.splice(i, 1);
        }
        return nodes.length > 0 ? this : void 0;
      }
      get names() {
        return this.nodes.reduce((names, n) => addNames(names, n.names), {});
      }
    };
    var BlockNode = class extends ParentNode {
      render(opts) {
        return "{" + opts._n + super.render(opts) + "}" + opts._n;
      }
    };
    var Root = class extends ParentNode {
    };
    var Else = class extends BlockNode {
    };
    Else.kind = "else";
    var If = class _If extends BlockNode {
      constructor(condition, nodes) {
        super(nodes);
        this.condition = condition;
      }
      render(opts) {
        let code2 = `if(${this.condition})` + super.render(opts);
        if (this.else)
          code2 += "else " + this.else.render(opts);
        return code2;
      }
      optimizeNodes() {
        super.optimizeNodes();
        const cond = this.condition;
        if (cond === true)
          return this.nodes;
        let e = this.else;
        if (e) {
          const ns = e.optimizeNodes();
          e = this.else = Array.isArray(ns) ? new Else(ns) : ns;
        }
        if (e) {
          if (cond === false)
            return e instanceof _If ? e : e.nodes;
          if (this.nodes.length)
            return this;
          return new _If(not(cond), e instanceof _If ? [e] : e.nodes);
        }
        if (cond === false || !this.nodes.length)
          return void 0;
        return this;
      }
      optimizeNames(names, constants) {
        var _a;
        this.else = (_a = this.else) === null || _a === void 0 ? void 0 : _a.optimizeNames(names, constants);
        if (!(super.optimizeNames(names, constants) || this.else))
          return;
        this.condition = optimizeExpr(this.condition, names, constants);
        return this;
      }
      get names() {
        const names = super.names;
        addExprNames(names, this.condition);
        if (this.else)
          addNames(names, this.else.names);
        return names;
      }
    };
    If.kind = "if";
    var For = class extends BlockNode {
    };
    For.kind = "for";
    var ForLoop = class extends For {
      constructor(iteration) {
        super();
        this.iteration = iteration;
      }
      render(opts) {
        return `for(${this.iteration})` + super.render(opts);
      }
      optimizeNames(names, constants) {
        if (!super.optimizeNames(names, constants))
          return;
        this.iteration = optimizeExpr(this.iteration, names, constants);
        return this;
      }
      get names() {
        return addNames(super.names, this.iteration.names);
      }
    };
    var ForRange = class extends For {
      constructor(varKind, name, from, to) {
        super();
        this.varKind = varKind;
        this.name = name;
        this.from = from;
        this.to = to;
      }
      render(opts) {
        const varKind = opts.es5 ? scope_1.varKinds.var : this.varKind;
        const { name, from, to } = this;
        return `for(${varKind} ${name}=${from}; ${name}<${to}; ${name}++)` + super.render(opts);
      }
      get names() {
        const names = addExprNames(super.names, this.from);
        return addExprNames(names, this.to);
      }
    };
    var ForIter = class extends For {
      constructor(loop, varKind, name, iterable) {
        super();
        this.loop = loop;
        this.varKind = varKind;
        this.name = name;
        this.iterable = iterable;
      }
      render(opts) {
        return `for(${this.varKind} ${this.name} ${this.loop} ${this.iterable})` + super.render(opts);
      }
      optimizeNames(names, constants) {
        if (!super.optimizeNames(names, constants))
          return;
        this.iterable = optimizeExpr(this.iterable, names, constants);
        return this;
      }
      get names() {
        return addNames(super.names, this.iterable.names);
      }
    };
    var Func = class extends BlockNode {
      constructor(name, args, async) {
        super();
        this.name = name;
        this.args = args;
        this.async = async;
      }
      render(opts) {
        const _async = this.async ? "async " : "";
        return `${_async}function ${this.name}(${this.args})` + super.render(opts);
      }
    };
    Func.kind = "func";
    var Return = class extends ParentNode {
      render(opts) {
        return "return " + super.render(opts);
      }
    };
    Return.kind = "return";
    var Try = class extends BlockNode {
      render(opts) {
        let code2 = "try" + super.render(opts);
        if (this.catch)
          code2 += this.catch.render(opts);
        if (this.finally)
          code2 += this.finally.render(opts);
        return code2;
      }
      optimizeNodes() {
        var _a, _b;
        super.optimizeNodes();
        (_a = this.catch) === null || _a === void 0 ? void 0 : _a.optimizeNodes();
        (_b = this.finally) === null || _b === void 0 ? void 0 : _b.optimizeNodes();
        return this;
      }
      optimizeNames(names, constants) {
        var _a, _b;
        super.optimizeNames(names, constants);
        (_a = this.catch) === null || _a === void 0 ? void 0 : _a.optimizeNames(names, constants);
        (_b = this.finally) === null || _b === void 0 ? void 0 : _b.optimizeNames(names, constants);
        return this;
      }
      get names() {
        const names = super.names;
        if (this.catch)
          addNames(names, this.catch.names);
        if (this.finally)
          addNames(names, this.finally.names);
        return names;
      }
    };
    var Catch = class extends BlockNode {
      constructor(error) {
        super();
        this.error = error;
      }
      render(opts) {
        return `catch(${this.error})` + super.render(opts);
      }
    };
    Catch.kind = "catch";
    var Finally = class extends BlockNode {
      render(opts) {
        return "finally" + super.render(opts);
      }
    };
    Finally.kind = "finally";
    var CodeGen = class {
      constructor(extScope, opts = {}) {
        this._values = {};
        this._blockStarts = [];
        this._constants = {};
        this.opts = { ...opts, _n: opts.lines ? "\n" : "" };
        this._extScope = extScope;
        this._scope = new scope_1.Scope({ parent: extScope });
        this._nodes = [new Root()];
      }
      toString() {
        return this._root.render(this.opts);
      }
      // returns unique name in the internal scope
      name(prefix) {
        return this._scope.name(prefix);
      }
      // reserves unique name in the external scope
      scopeName(prefix) {
        return this._extScope.name(prefix);
      }
      // reserves unique name in the external scope and assigns value to it
      scopeValue(prefixOrName, value) {
        const name = this._extScope.value(prefixOrName, value);
        const vs = this._values[name.prefix] || (this._values[name.prefix] = /* @__PURE__ */ new Set());
        vs.add(name);
        return name;
      }
      getScopeValue(prefix, keyOrRef) {
        return this._extScope.getValue(prefix, keyOrRef);
      }
      // return code that assigns values in the external scope to the names that are used internally
      // (same names that were returned by gen.scopeName or gen.scopeValue)
      scopeRefs(scopeName) {
        return this._extScope.scopeRefs(scopeName, this._values);
      }
      scopeCode() {
        return this._extScope.scopeCode(this._values);
      }
      _def(varKind, nameOrPrefix, rhs, constant) {
        const name = this._scope.toName(nameOrPrefix);
        if (rhs !== void 0 && constant)
          this._constants[name.str] = rhs;
        this._leafNode(new Def(varKind, name, rhs));
        return name;
      }
      // `const` declaration (`var` in es5 mode)
      const(nameOrPrefix, rhs, _constant) {
        return this._def(scope_1.varKinds.const, nameOrPrefix, rhs, _constant);
      }
      // `let` declaration with optional assignment (`var` in es5 mode)
      let(nameOrPrefix, rhs, _constant) {
        return this._def(scope_1.varKinds.let, nameOrPrefix, rhs, _constant);
      }
      // `var` declaration with optional assignment
      var(nameOrPrefix, rhs, _constant) {
        return this._def(scope_1.varKinds.var, nameOrPrefix, rhs, _constant);
      }
      // assignment code
      assign(lhs, rhs, sideEffects) {
        return this._leafNode(new Assign(lhs, rhs, sideEffects));
      }
      // `+=` code
      add(lhs, rhs) {
        return this._leafNode(new AssignOp(lhs, exports.operators.ADD, rhs));
      }
      // appends passed SafeExpr to code or executes Block
      code(c) {
        if (typeof c == "function")
          c();
        else if (c !== code_1.nil)
          this._leafNode(new AnyCode(c));
        return this;
      }
      // returns code for object literal for the passed argument list of key-value pairs
      object(...keyValues) {
        const code2 = ["{"];
        for (const [key, value] of keyValues) {
          if (code2.length > 1)
            code2.push(",");
          code2.push(key);
          if (key !== value || this.opts.es5) {
            code2.push(":");
            (0, code_1.addCodeArg)(code2, value);
          }
        }
        code2.push("}");
        return new code_1._Code(code2);
      }
      // `if` clause (or statement if `thenBody` and, optionally, `elseBody` are passed)
      if(condition, thenBody, elseBody) {
        this._blockNode(new If(condition));
        if (thenBody && elseBody) {
          this.code(thenBody).else().code(elseBody).endIf();
        } else if (thenBody) {
          this.code(thenBody).endIf();
        } else if (elseBody) {
          throw new Error('CodeGen: "else" body without "then" body');
        }
        return this;
      }
      // `else if` clause - invalid without `if` or after `else` clauses
      elseIf(condition) {
        return this._elseNode(new If(condition));
      }
      // `else` clause - only valid after `if` or `else if` clauses
      else() {
        return this._elseNode(new Else());
      }
      // end `if` statement (needed if gen.if was used only with condition)
      endIf() {
        return this._endBlockNode(If, Else);
      }
      _for(node, forBody) {
        this._blockNode(node);
        if (forBody)
          this.code(forBody).endFor();
        return this;
      }
      // a generic `for` clause (or statement if `forBody` is passed)
      for(iteration, forBody) {
        return this._for(new ForLoop(iteration), forBody);
      }
      // `for` statement for a range of values
      forRange(nameOrPrefix, from, to, forBody, varKind = this.opts.es5 ? scope_1.varKinds.var : scope_1.varKinds.let) {
        const name = this._scope.toName(nameOrPrefix);
        return this._for(new ForRange(varKind, name, from, to), () => forBody(name));
      }
      // `for-of` statement (in es5 mode replace with a normal for loop)
      forOf(nameOrPrefix, iterable, forBody, varKind = scope_1.varKinds.const) {
        const name = this._scope.toName(nameOrPrefix);
        if (this.opts.es5) {
          const arr = iterable instanceof code_1.Name ? iterable : this.var("_arr", iterable);
          return this.forRange("_i", 0, (0, code_1._)`${arr}.length`, (i) => {
            this.var(name, (0, code_1._)`${arr}[${i}]`);
            forBody(name);
          });
        }
        return this._for(new ForIter("of", varKind, name, iterable), () => forBody(name));
      }
      // `for-in` statement.
      // With option `ownProperties` replaced with a `for-of` loop for object keys
      forIn(nameOrPrefix, obj, forBody, varKind = this.opts.es5 ? scope_1.varKinds.var : scope_1.varKinds.const) {
        if (this.opts.ownProperties) {
          return this.forOf(nameOrPrefix, (0, code_1._)`Object.keys(${obj})`, forBody);
        }
        const name = this._scope.toName(nameOrPrefix);
        return this._for(new ForIter("in", varKind, name, obj), () => forBody(name));
      }
      // end `for` loop
      endFor() {
        return this._endBlockNode(For);
      }
      // `label` statement
      label(label) {
        return this._leafNode(new Label(label));
      }
      // `break` statement
      break(label) {
        return this._leafNode(new Break(label));
      }
      // `return` statement
      return(value) {
        const node = new Return();
        this._blockNode(node);
        this.code(value);
        if (node.nodes.length !== 1)
          throw new Error('CodeGen: "return" should have one node');
        return this._endBlockNode(Return);
      }
      // `try` statement
      try(tryBody, catchCode, finallyCode) {
        if (!catchCode && !finallyCode)
          throw new Error('CodeGen: "try" without "catch" and "finally"');
        const node = new Try();
        this._blockNode(node);
        this.code(tryBody);
        if (catchCode) {
          const error = this.name("e");
          this._currNode = node.catch = new Catch(error);
          catchCode(error);
        }
        if (finallyCode) {
          this._currNode = node.finally = new Finally();
          this.code(finallyCode);
        }
        return this._endBlockNode(Catch, Finally);
      }
      // `throw` statement
      throw(error) {
        return this._leafNode(new Throw(error));
      }
      // start self-balancing block
      block(body, nodeCount) {
        this._blockStarts.push(this._nodes.length);
        if (body)
          this.code(body).endBlock(nodeCount);
        return this;
      }
      // end the current self-balancing block
      endBlock(nodeCount) {
        const len = this._blockStarts.pop();
        if (len === void 0)
          throw new Error("CodeGen: not in self-balancing block");
        const toClose = this._nodes.length - len;
        if (toClose < 0 || nodeCount !== void 0 && toClose !== nodeCount) {
          throw new Error(`CodeGen: wrong number of nodes: ${toClose} vs ${nodeCount} expected`);
        }
        this._nodes.length = len;
        return this;
      }
      // `function` heading (or definition if funcBody is passed)
      func(name, args = code_1.nil, async, funcBody) {
        this._blockNode(new Func(name, args, async));
        if (funcBody)
          this.code(funcBody).endFunc();
        return this;
      }
      // end function definition
      endFunc() {
        return this._endBlockNode(Func);
      }
      optimize(n = 1) {
        while (n-- > 0) {
          this._root.optimizeNodes();
          this._root.optimizeNames(this._root.names, this._constants);
        }
      }
      _leafNode(node) {
        this._currNode.nodes.push(node);
        return this;
      }
      _blockNode(node) {
        this._currNode.nodes.push(node);
        this._nodes.push(node);
      }
      _endBlockNode(N1, N2) {
        const n = this._currNode;
        if (n instanceof N1 || N2 && n instanceof N2) {
          this._nodes.pop();
          return this;
        }
        throw new Error(`CodeGen: not in block "${N2 ? `${N1.kind}/${N2.kind}` : N1.kind}"`);
      }
      _elseNode(node) {
        const n = this._currNode;
        if (!(n instanceof If)) {
          throw new Error('CodeGen: "else" without "if"');
        }
        this._currNode = n.else = node;
        return this;
      }
      get _root() {
        return this._nodes[0];
      }
      get _currNode() {
        const ns = this._nodes;
        return ns[ns.length - 1];
      }
      set _currNode(node) {
        const ns = this._nodes;
        ns[ns.length - 1] = node;
      }
    };
    exports.CodeGen = CodeGen;
    function addNames(names, from) {
      for (const n in from)
        names[n] = (names[n] || 0) + (from[n] || 0);
      return names;
    }
    function addExprNames(names, from) {
      return from instanceof code_1._CodeOrName ? addNames(names, from.names) : names;
    }
    function optimizeExpr(expr, names, constants) {
      if (expr instanceof code_1.Name)
        return replaceName(expr);
      if (!canOptimize(expr))
        return expr;
      return new code_1._Code(expr._items.reduce((items, c) => {
        if (c instanceof code_1.Name)
          c = replaceName(c);
        if (c instanceof code_1._Code)
          items.push(...c._items);
        else
          items.push(c);
        return items;
      }, []));
      function replaceName(n) {
        const c = constants[n.str];
        if (c === void 0 || names[n.str] !== 1)
          return n;
        delete names[n.str];
        return c;
      }
      function canOptimize(e) {
        return e instanceof code_1._Code && e._items.some((c) => c instanceof code_1.Name && names[c.str] === 1 && constants[c.str] !== void 0);
      }
    }
    function subtractNames(names, from) {
      for (const n in from)
        names[n] = (names[n] || 0) - (from[n] || 0);
    }
    function not(x) {
      return typeof x == "boolean" || typeof x == "number" || x === null ? !x : (0, code_1._)`!${par(x)}`;
    }
    exports.not = not;
    var andCode = mappend(exports.operators.AND);
    function and(...args) {
      return args.reduce(andCode);
    }
    exports.and = and;
    var orCode = mappend(exports.operators.OR);
    function or(...args) {
      return args.reduce(orCode);
    }
    exports.or = or;
    function mappend(op) {
      return (x, y) => x === code_1.nil ? y : y === code_1.nil ? x : (0, code_1._)`${par(x)} ${op} ${par(y)}`;
    }
    function par(x) {
      return x instanceof code_1.Name ? x : (0, code_1._)`(${x})`;
    }
  }
});

// node_modules/ajv/dist/compile/util.js
var require_util = __commonJS({
  "node_modules/ajv/dist/compile/util.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.checkStrictMode = exports.getErrorPath = exports.Type = exports.useFunc = exports.setEvaluated = exports.evaluatedPropsToName = exports.mergeEvaluated = exports.eachItem = exports.unescapeJsonPointer = exports.escapeJsonPointer = exports.escapeFragment = exports.unescapeFragment = exports.schemaRefOrVal = exports.schemaHasRulesButRef = exports.schemaHasRules = exports.checkUnknownRules = exports.alwaysValidSchema = exports.toHash = void 0;
    var codegen_1 = require_codegen();
    var code_1 = require_code();
    function toHash(arr) {
      const hash = {};
      for (const item of arr)
        hash[item] = true;
      return hash;
    }
    exports.toHash = toHash;
    function alwaysValidSchema(it, schema) {
      if (typeof schema == "boolean")
        return schema;
      if (Object.keys(schema).length === 0)
        return true;
      checkUnknownRules(it, schema);
      return !schemaHasRules(schema, it.self.RULES.all);
    }
    exports.alwaysValidSchema = alwaysValidSchema;
    function checkUnknownRules(it, schema = it.schema) {
      const { opts, self } = it;
      if (!opts.strictSchema)
        return;
      if (typeof schema === "boolean")
        return;
      const rules = self.RULES.keywords;
      for (const key in schema) {
        if (!rules[key])
          checkStrictMode(it, `unknown keyword: "${key}"`);
      }
    }
    exports.checkUnknownRules = checkUnknownRules;
    function schemaHasRules(schema, rules) {
      if (typeof schema == "boolean")
        return !schema;
      for (const key in schema)
        if (rules[key])
          return true;
      return false;
    }
    exports.schemaHasRules = schemaHasRules;
    function schemaHasRulesButRef(schema, RULES) {
      if (typeof schema == "boolean")
        return !schema;
      for (const key in schema)
        if (key !== "$ref" && RULES.all[key])
          return true;
      return false;
    }
    exports.schemaHasRulesButRef = schemaHasRulesButRef;
    function schemaRefOrVal({ topSchemaRef, schemaPath }, schema, keyword, $data) {
      if (!$data) {
        if (typeof schema == "number" || typeof schema == "boolean")
          return schema;
        if (typeof schema == "string")
          return (0, codegen_1._)`${schema}`;
      }
      return (0, codegen_1._)`${topSchemaRef}${schemaPath}${(0, codegen_1.getProperty)(keyword)}`;
    }
    exports.schemaRefOrVal = schemaRefOrVal;
    function unescapeFragment(str3) {
      return unescapeJsonPointer(decodeURIComponent(str3));
    }
    exports.unescapeFragment = unescapeFragment;
    function escapeFragment(str3) {
      return encodeURIComponent(escapeJsonPointer(str3));
    }
    exports.escapeFragment = escapeFragment;
    function escapeJsonPointer(str3) {
      if (typeof str3 == "number")
        return `${str3}`;
      return str3.replace(/~/g, "~0").replace(/\//g, "~1");
    }
    exports.escapeJsonPointer = escapeJsonPointer;
    function unescapeJsonPointer(str3) {
      return str3.replace(/~1/g, "/").replace(/~0/g, "~");
    }
    exports.unescapeJsonPointer = unescapeJsonPointer;
    function eachItem(xs, f) {
      if (Array.isArray(xs)) {
        for (const x of xs)
          f(x);
      } else {
        f(xs);
      }
    }
    exports.eachItem = eachItem;
    function makeMergeEvaluated({ mergeNames, mergeToName, mergeValues, resultToName }) {
      return (gen, from, to, toName) => {
        const res = to === void 0 ? from : to instanceof codegen_1.Name ? (from instanceof codegen_1.Name ? mergeNames(gen, from, to) : mergeToName(gen, from, to), to) : from instanceof codegen_1.Name ? (mergeToName(gen, to, from), from) : mergeValues(from, to);
        return toName === codegen_1.Name && !(res instanceof codegen_1.Name) ? resultToName(gen, res) : res;
      };
    }
    exports.mergeEvaluated = {
      props: makeMergeEvaluated({
        mergeNames: (gen, from, to) => gen.if((0, codegen_1._)`${to} !== true && ${from} !== undefined`, () => {
          gen.if((0, codegen_1._)`${from} === true`, () => gen.assign(to, true), () => gen.assign(to, (0, codegen_1._)`${to} || {}`).code((0, codegen_1._)`Object.assign(${to}, ${from})`));
        }),
        mergeToName: (gen, from, to) => gen.if((0, codegen_1._)`${to} !== true`, () => {
          if (from === true) {
            gen.assign(to, true);
          } else {
            gen.assign(to, (0, codegen_1._)`${to} || {}`);
            setEvaluated(gen, to, from);
          }
        }),
        mergeValues: (from, to) => from === true ? true : { ...from, ...to },
        resultToName: evaluatedPropsToName
      }),
      items: makeMergeEvaluated({
        mergeNames: (gen, from, to) => gen.if((0, codegen_1._)`${to} !== true && ${from} !== undefined`, () => gen.assign(to, (0, codegen_1._)`${from} === true ? true : ${to} > ${from} ? ${to} : ${from}`)),
        mergeToName: (gen, from, to) => gen.if((0, codegen_1._)`${to} !== true`, () => gen.assign(to, from === true ? true : (0, codegen_1._)`${to} > ${from} ? ${to} : ${from}`)),
        mergeValues: (from, to) => from === true ? true : Math.max(from, to),
        resultToName: (gen, items) => gen.var("items", items)
      })
    };
    function evaluatedPropsToName(gen, ps) {
      if (ps === true)
        return gen.var("props", true);
      const props = gen.var("props", (0, codegen_1._)`{}`);
      if (ps !== void 0)
        setEvaluated(gen, props, ps);
      return props;
    }
    exports.evaluatedPropsToName = evaluatedPropsToName;
    function setEvaluated(gen, props, ps) {
      Object.keys(ps).forEach((p) => gen.assign((0, codegen_1._)`${props}${(0, codegen_1.getProperty)(p)}`, true));
    }
    exports.setEvaluated = setEvaluated;
    var snippets = {};
    function useFunc(gen, f) {
      return gen.scopeValue("func", {
        ref: f,
        code: snippets[f.code] || (snippets[f.code] = new code_1._Code(f.code))
      });
    }
    exports.useFunc = useFunc;
    var Type;
    (function(Type2) {
      Type2[Type2["Num"] = 0] = "Num";
      Type2[Type2["Str"] = 1] = "Str";
    })(Type || (exports.Type = Type = {}));
    function getErrorPath(dataProp, dataPropType, jsPropertySyntax) {
      if (dataProp instanceof codegen_1.Name) {
        const isNumber = dataPropType === Type.Num;
        return jsPropertySyntax ? isNumber ? (0, codegen_1._)`"[" + ${dataProp} + "]"` : (0, codegen_1._)`"['" + ${dataProp} + "']"` : isNumber ? (0, codegen_1._)`"/" + ${dataProp}` : (0, codegen_1._)`"/" + ${dataProp}.replace(/~/g, "~0").replace(/\\//g, "~1")`;
      }
      return jsPropertySyntax ? (0, codegen_1.getProperty)(dataProp).toString() : "/" + escapeJsonPointer(dataProp);
    }
    exports.getErrorPath = getErrorPath;
    function checkStrictMode(it, msg, mode = it.opts.strictSchema) {
      if (!mode)
        return;
      msg = `strict mode: ${msg}`;
      if (mode === true)
        throw new Error(msg);
      it.self.logger.warn(msg);
    }
    exports.checkStrictMode = checkStrictMode;
  }
});

// node_modules/ajv/dist/compile/names.js
var require_names = __commonJS({
  "node_modules/ajv/dist/compile/names.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var codegen_1 = require_codegen();
    var names = {
      // validation function arguments
      data: new codegen_1.Name("data"),
      // data passed to validation function
      // args passed from referencing schema
      valCxt: new codegen_1.Name("valCxt"),
      // validation/data context - should not be used directly, it is destructured to the names below
      instancePath: new codegen_1.Name("instancePath"),
      parentData: new codegen_1.Name("parentData"),
      parentDataProperty: new codegen_1.Name("parentDataProperty"),
      rootData: new codegen_1.Name("rootData"),
      // root data - same as the data passed to the first/top validation function
      dynamicAnchors: new codegen_1.Name("dynamicAnchors"),
      // used to support recursiveRef and dynamicRef
      // function scoped variables
      vErrors: new codegen_1.Name("vErrors"),
      // null or array of validation errors
      errors: new codegen_1.Name("errors"),
      // counter of validation errors
      this: new codegen_1.Name("this"),
      // "globals"
      self: new codegen_1.Name("self"),
      scope: new codegen_1.Name("scope"),
      // JTD serialize/parse name for JSON string and position
      json: new codegen_1.Name("json"),
      jsonPos: new codegen_1.Name("jsonPos"),
      jsonLen: new codegen_1.Name("jsonLen"),
      jsonPart: new codegen_1.Name("jsonPart")
    };
    exports.default = names;
  }
});

// node_modules/ajv/dist/compile/errors.js
var require_errors = __commonJS({
  "node_modules/ajv/dist/compile/errors.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.extendErrors = exports.resetErrorsCount = exports.reportExtraError = exports.reportError = exports.keyword$DataError = exports.keywordError = void 0;
    var codegen_1 = require_codegen();
    var util_1 = require_util();
    var names_1 = require_names();
    exports.keywordError = {
      message: ({ keyword }) => (0, codegen_1.str)`must pass "${keyword}" keyword validation`
    };
    exports.keyword$DataError = {
      message: ({ keyword, schemaType }) => schemaType ? (0, codegen_1.str)`"${keyword}" keyword must be ${schemaType} ($data)` : (0, codegen_1.str)`"${keyword}" keyword is invalid ($data)`
    };
    function reportError(cxt, error = exports.keywordError, errorPaths, overrideAllErrors) {
      const { it } = cxt;
      const { gen, compositeRule, allErrors } = it;
      const errObj = errorObjectCode(cxt, error, errorPaths);
      if (overrideAllErrors !== null && overrideAllErrors !== void 0 ? overrideAllErrors : compositeRule || allErrors) {
        addError(gen, errObj);
      } else {
        returnErrors(it, (0, codegen_1._)`[${errObj}]`);
      }
    }
    exports.reportError = reportError;
    function reportExtraError(cxt, error = exports.keywordError, errorPaths) {
      const { it } = cxt;
      const { gen, compositeRule, allErrors } = it;
      const errObj = errorObjectCode(cxt, error, errorPaths);
      addError(gen, errObj);
      if (!(compositeRule || allErrors)) {
        returnErrors(it, names_1.default.vErrors);
      }
    }
    exports.reportExtraError = reportExtraError;
    function resetErrorsCount(gen, errsCount) {
      gen.assign(names_1.default.errors, errsCount);
      gen.if((0, codegen_1._)`${names_1.default.vErrors} !== null`, () => gen.if(errsCount, () => gen.assign((0, codegen_1._)`${names_1.default.vErrors}.length`, errsCount), () => gen.assign(names_1.default.vErrors, null)));
    }
    exports.resetErrorsCount = resetErrorsCount;
    function extendErrors({ gen, keyword, schemaValue, data, errsCount, it }) {
      if (errsCount === void 0)
        throw new Error("ajv implementation error");
      const err = gen.name("err");
      gen.forRange("i", errsCount, names_1.default.errors, (i) => {
        gen.const(err, (0, codegen_1._)`${names_1.default.vErrors}[${i}]`);
        gen.if((0, codegen_1._)`${err}.instancePath === undefined`, () => gen.assign((0, codegen_1._)`${err}.instancePath`, (0, codegen_1.strConcat)(names_1.default.instancePath, it.errorPath)));
        gen.assign((0, codegen_1._)`${err}.schemaPath`, (0, codegen_1.str)`${it.errSchemaPath}/${keyword}`);
        if (it.opts.verbose) {
          gen.assign((0, codegen_1._)`${err}.schema`, schemaValue);
          gen.assign((0, codegen_1._)`${err}.data`, data);
        }
      });
    }
    exports.extendErrors = extendErrors;
    function addError(gen, errObj) {
      const err = gen.const("err", errObj);
      gen.if((0, codegen_1._)`${names_1.default.vErrors} === null`, () => gen.assign(names_1.default.vErrors, (0, codegen_1._)`[${err}]`), (0, codegen_1._)`${names_1.default.vErrors}.push(${err})`);
      gen.code((0, codegen_1._)`${names_1.default.errors}++`);
    }
    function returnErrors(it, errs) {
      const { gen, validateName, schemaEnv } = it;
      if (schemaEnv.$async) {
        gen.throw((0, codegen_1._)`new ${it.ValidationError}(${errs})`);
      } else {
        gen.assign((0, codegen_1._)`${validateName}.errors`, errs);
        gen.return(false);
      }
    }
    var E = {
      keyword: new codegen_1.Name("keyword"),
      schemaPath: new codegen_1.Name("schemaPath"),
      // also used in JTD errors
      params: new codegen_1.Name("params"),
      propertyName: new codegen_1.Name("propertyName"),
      message: new codegen_1.Name("message"),
      schema: new codegen_1.Name("schema"),
      parentSchema: new codegen_1.Name("parentSchema")
    };
    function errorObjectCode(cxt, error, errorPaths) {
      const { createErrors } = cxt.it;
      if (createErrors === false)
        return (0, codegen_1._)`{}`;
      return errorObject(cxt, error, errorPaths);
    }
    function errorObject(cxt, error, errorPaths = {}) {
      const { gen, it } = cxt;
      const keyValues = [
        errorInstancePath(it, errorPaths),
        errorSchemaPath(cxt, errorPaths)
      ];
      extraErrorProps(cxt, error, keyValues);
      return gen.object(...keyValues);
    }
    function errorInstancePath({ errorPath }, { instancePath }) {
      const instPath = instancePath ? (0, codegen_1.str)`${errorPath}${(0, util_1.getErrorPath)(instancePath, util_1.Type.Str)}` : errorPath;
      return [names_1.default.instancePath, (0, codegen_1.strConcat)(names_1.default.instancePath, instPath)];
    }
    function errorSchemaPath({ keyword, it: { errSchemaPath } }, { schemaPath, parentSchema }) {
      let schPath = parentSchema ? errSchemaPath : (0, codegen_1.str)`${errSchemaPath}/${keyword}`;
      if (schemaPath) {
        schPath = (0, codegen_1.str)`${schPath}${(0, util_1.getErrorPath)(schemaPath, util_1.Type.Str)}`;
      }
      return [E.schemaPath, schPath];
    }
    function extraErrorProps(cxt, { params, message }, keyValues) {
      const { keyword, data, schemaValue, it } = cxt;
      const { opts, propertyName, topSchemaRef, schemaPath } = it;
      keyValues.push([E.keyword, keyword], [E.params, typeof params == "function" ? params(cxt) : params || (0, codegen_1._)`{}`]);
      if (opts.messages) {
        keyValues.push([E.message, typeof message == "function" ? message(cxt) : message]);
      }
      if (opts.verbose) {
        keyValues.push([E.schema, schemaValue], [E.parentSchema, (0, codegen_1._)`${topSchemaRef}${schemaPath}`], [names_1.default.data, data]);
      }
      if (propertyName)
        keyValues.push([E.propertyName, propertyName]);
    }
  }
});

// node_modules/ajv/dist/compile/validate/boolSchema.js
var require_boolSchema = __commonJS({
  "node_modules/ajv/dist/compile/validate/boolSchema.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.boolOrEmptySchema = exports.topBoolOrEmptySchema = void 0;
    var errors_1 = require_errors();
    var codegen_1 = require_codegen();
    var names_1 = require_names();
    var boolError = {
      message: "boolean schema is false"
    };
    function topBoolOrEmptySchema(it) {
      const { gen, schema, validateName } = it;
      if (schema === false) {
        falseSchemaError(it, false);
      } else if (typeof schema == "object" && schema.$async === true) {
        gen.return(names_1.default.data);
      } else {
        gen.assign((0, codegen_1._)`${validateName}.errors`, null);
        gen.return(true);
      }
    }
    exports.topBoolOrEmptySchema = topBoolOrEmptySchema;
    function boolOrEmptySchema(it, valid) {
      const { gen, schema } = it;
      if (schema === false) {
        gen.var(valid, false);
        falseSchemaError(it);
      } else {
        gen.var(valid, true);
      }
    }
    exports.boolOrEmptySchema = boolOrEmptySchema;
    function falseSchemaError(it, overrideAllErrors) {
      const { gen, data } = it;
      const cxt = {
        gen,
        keyword: "false schema",
        data,
        schema: false,
        schemaCode: false,
        schemaValue: false,
        params: {},
        it
      };
      (0, errors_1.reportError)(cxt, boolError, void 0, overrideAllErrors);
    }
  }
});

// node_modules/ajv/dist/compile/rules.js
var require_rules = __commonJS({
  "node_modules/ajv/dist/compile/rules.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.getRules = exports.isJSONType = void 0;
    var _jsonTypes = ["string", "number", "integer", "boolean", "null", "object", "array"];
    var jsonTypes = new Set(_jsonTypes);
    function isJSONType(x) {
      return typeof x == "string" && jsonTypes.has(x);
    }
    exports.isJSONType = isJSONType;
    function getRules() {
      const groups = {
        number: { type: "number", rules: [] },
        string: { type: "string", rules: [] },
        array: { type: "array", rules: [] },
        object: { type: "object", rules: [] }
      };
      return {
        types: { ...groups, integer: true, boolean: true, null: true },
        rules: [{ rules: [] }, groups.number, groups.string, groups.array, groups.object],
        post: { rules: [] },
        all: {},
        keywords: {}
      };
    }
    exports.getRules = getRules;
  }
});

// node_modules/ajv/dist/compile/validate/applicability.js
var require_applicability = __commonJS({
  "node_modules/ajv/dist/compile/validate/applicability.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.shouldUseRule = exports.shouldUseGroup = exports.schemaHasRulesForType = void 0;
    function schemaHasRulesForType({ schema, self }, type) {
      const group = self.RULES.types[type];
      return group && group !== true && shouldUseGroup(schema, group);
    }
    exports.schemaHasRulesForType = schemaHasRulesForType;
    function shouldUseGroup(schema, group) {
      return group.rules.some((rule) => shouldUseRule(schema, rule));
    }
    exports.shouldUseGroup = shouldUseGroup;
    function shouldUseRule(schema, rule) {
      var _a;
      return schema[rule.keyword] !== void 0 || ((_a = rule.definition.implements) === null || _a === void 0 ? void 0 : _a.some((kwd) => schema[kwd] !== void 0));
    }
    exports.shouldUseRule = shouldUseRule;
  }
});

// node_modules/ajv/dist/compile/validate/dataType.js
var require_dataType = __commonJS({
  "node_modules/ajv/dist/compile/validate/dataType.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.reportTypeError = exports.checkDataTypes = exports.checkDataType = exports.coerceAndCheckDataType = exports.getJSONTypes = exports.getSchemaTypes = exports.DataType = void 0;
    var rules_1 = require_rules();
    var applicability_1 = require_applicability();
    var errors_1 = require_errors();
    var codegen_1 = require_codegen();
    var util_1 = require_util();
    var DataType;
    (function(DataType2) {
      DataType2[DataType2["Correct"] = 0] = "Correct";
      DataType2[DataType2["Wrong"] = 1] = "Wrong";
    })(DataType || (exports.DataType = DataType = {}));
    function getSchemaTypes(schema) {
      const types = getJSONTypes(schema.type);
      const hasNull = types.includes("null");
      if (hasNull) {
        if (schema.nullable === false)
          throw new Error("type: null contradicts nullable: false");
      } else {
        if (!types.length && schema.nullable !== void 0) {
          throw new Error('"nullable" cannot be used without "type"');
        }
        if (schema.nullable === true)
          types.push("null");
      }
      return types;
    }
    exports.getSchemaTypes = getSchemaTypes;
    function getJSONTypes(ts) {
      const types = Array.isArray(ts) ? ts : ts ? [ts] : [];
      if (types.every(rules_1.isJSONType))
        return types;
      throw new Error("type must be JSONType or JSONType[]: " + types.join(","));
    }
    exports.getJSONTypes = getJSONTypes;
    function coerceAndCheckDataType(it, types) {
      const { gen, data, opts } = it;
      const coerceTo = coerceToTypes(types, opts.coerceTypes);
      const checkTypes = types.length > 0 && !(coerceTo.length === 0 && types.length === 1 && (0, applicability_1.schemaHasRulesForType)(it, types[0]));
      if (checkTypes) {
        const wrongType = checkDataTypes(types, data, opts.strictNumbers, DataType.Wrong);
        gen.if(wrongType, () => {
          if (coerceTo.length)
            coerceData(it, types, coerceTo);
          else
            reportTypeError(it);
        });
      }
      return checkTypes;
    }
    exports.coerceAndCheckDataType = coerceAndCheckDataType;
    var COERCIBLE = /* @__PURE__ */ new Set(["string", "number", "integer", "boolean", "null"]);
    function coerceToTypes(types, coerceTypes) {
      return coerceTypes ? types.filter((t) => COERCIBLE.has(t) || coerceTypes === "array" && t === "array") : [];
    }
    function coerceData(it, types, coerceTo) {
      const { gen, data, opts } = it;
      const dataType = gen.let("dataType", (0, codegen_1._)`typeof ${data}`);
      const coerced = gen.let("coerced", (0, codegen_1._)`undefined`);
      if (opts.coerceTypes === "array") {
        gen.if((0, codegen_1._)`${dataType} == 'object' && Array.isArray(${data}) && ${data}.length == 1`, () => gen.assign(data, (0, codegen_1._)`${data}[0]`).assign(dataType, (0, codegen_1._)`typeof ${data}`).if(checkDataTypes(types, data, opts.strictNumbers), () => gen.assign(coerced, data)));
      }
      gen.if((0, codegen_1._)`${coerced} !== undefined`);
      for (const t of coerceTo) {
        if (COERCIBLE.has(t) || t === "array" && opts.coerceTypes === "array") {
          coerceSpecificType(t);
        }
      }
      gen.else();
      reportTypeError(it);
      gen.endIf();
      gen.if((0, codegen_1._)`${coerced} !== undefined`, () => {
        gen.assign(data, coerced);
        assignParentData(it, coerced);
      });
      function coerceSpecificType(t) {
        switch (t) {
          case "string":
            gen.elseIf((0, codegen_1._)`${dataType} == "number" || ${dataType} == "boolean"`).assign(coerced, (0, codegen_1._)`"" + ${data}`).elseIf((0, codegen_1._)`${data} === null`).assign(coerced, (0, codegen_1._)`""`);
            return;
          case "number":
            gen.elseIf((0, codegen_1._)`${dataType} == "boolean" || ${data} === null
              || (${dataType} == "string" && ${data} && ${data} == +${data})`).assign(coerced, (0, codegen_1._)`+${data}`);
            return;
          case "integer":
            gen.elseIf((0, codegen_1._)`${dataType} === "boolean" || ${data} === null
              || (${dataType} === "string" && ${data} && ${data} == +${data} && !(${data} % 1))`).assign(coerced, (0, codegen_1._)`+${data}`);
            return;
          case "boolean":
            gen.elseIf((0, codegen_1._)`${data} === "false" || ${data} === 0 || ${data} === null`).assign(coerced, false).elseIf((0, codegen_1._)`${data} === "true" || ${data} === 1`).assign(coerced, true);
            return;
          case "null":
            gen.elseIf((0, codegen_1._)`${data} === "" || ${data} === 0 || ${data} === false`);
            gen.assign(coerced, null);
            return;
          case "array":
            gen.elseIf((0, codegen_1._)`${dataType} === "string" || ${dataType} === "number"
              || ${dataType} === "boolean" || ${data} === null`).assign(coerced, (0, codegen_1._)`[${data}]`);
        }
      }
    }
    function assignParentData({ gen, parentData, parentDataProperty }, expr) {
      gen.if((0, codegen_1._)`${parentData} !== undefined`, () => gen.assign((0, codegen_1._)`${parentData}[${parentDataProperty}]`, expr));
    }
    function checkDataType(dataType, data, strictNums, correct = DataType.Correct) {
      const EQ = correct === DataType.Correct ? codegen_1.operators.EQ : codegen_1.operators.NEQ;
      let cond;
      switch (dataType) {
        case "null":
          return (0, codegen_1._)`${data} ${EQ} null`;
        case "array":
          cond = (0, codegen_1._)`Array.isArray(${data})`;
          break;
        case "object":
          cond = (0, codegen_1._)`${data} && typeof ${data} == "object" && !Array.isArray(${data})`;
          break;
        case "integer":
          cond = numCond((0, codegen_1._)`!(${data} % 1) && !isNaN(${data})`);
          break;
        case "number":
          cond = numCond();
          break;
        default:
          return (0, codegen_1._)`typeof ${data} ${EQ} ${dataType}`;
      }
      return correct === DataType.Correct ? cond : (0, codegen_1.not)(cond);
      function numCond(_cond = codegen_1.nil) {
        return (0, codegen_1.and)((0, codegen_1._)`typeof ${data} == "number"`, _cond, strictNums ? (0, codegen_1._)`isFinite(${data})` : codegen_1.nil);
      }
    }
    exports.checkDataType = checkDataType;
    function checkDataTypes(dataTypes, data, strictNums, correct) {
      if (dataTypes.length === 1) {
        return checkDataType(dataTypes[0], data, strictNums, correct);
      }
      let cond;
      const types = (0, util_1.toHash)(dataTypes);
      if (types.array && types.object) {
        const notObj = (0, codegen_1._)`typeof ${data} != "object"`;
        cond = types.null ? notObj : (0, codegen_1._)`!${data} || ${notObj}`;
        delete types.null;
        delete types.array;
        delete types.object;
      } else {
        cond = codegen_1.nil;
      }
      if (types.number)
        delete types.integer;
      for (const t in types)
        cond = (0, codegen_1.and)(cond, checkDataType(t, data, strictNums, correct));
      return cond;
    }
    exports.checkDataTypes = checkDataTypes;
    var typeError = {
      message: ({ schema }) => `must be ${schema}`,
      params: ({ schema, schemaValue }) => typeof schema == "string" ? (0, codegen_1._)`{type: ${schema}}` : (0, codegen_1._)`{type: ${schemaValue}}`
    };
    function reportTypeError(it) {
      const cxt = getTypeErrorContext(it);
      (0, errors_1.reportError)(cxt, typeError);
    }
    exports.reportTypeError = reportTypeError;
    function getTypeErrorContext(it) {
      const { gen, data, schema } = it;
      const schemaCode = (0, util_1.schemaRefOrVal)(it, schema, "type");
      return {
        gen,
        keyword: "type",
        data,
        schema: schema.type,
        schemaCode,
        schemaValue: schemaCode,
        parentSchema: schema,
        params: {},
        it
      };
    }
  }
});

// node_modules/ajv/dist/compile/validate/defaults.js
var require_defaults = __commonJS({
  "node_modules/ajv/dist/compile/validate/defaults.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.assignDefaults = void 0;
    var codegen_1 = require_codegen();
    var util_1 = require_util();
    function assignDefaults(it, ty) {
      const { properties, items } = it.schema;
      if (ty === "object" && properties) {
        for (const key in properties) {
          assignDefault(it, key, properties[key].default);
        }
      } else if (ty === "array" && Array.isArray(items)) {
        items.forEach((sch, i) => assignDefault(it, i, sch.default));
      }
    }
    exports.assignDefaults = assignDefaults;
    function assignDefault(it, prop, defaultValue) {
      const { gen, compositeRule, data, opts } = it;
      if (defaultValue === void 0)
        return;
      const childData = (0, codegen_1._)`${data}${(0, codegen_1.getProperty)(prop)}`;
      if (compositeRule) {
        (0, util_1.checkStrictMode)(it, `default is ignored for: ${childData}`);
        return;
      }
      let condition = (0, codegen_1._)`${childData} === undefined`;
      if (opts.useDefaults === "empty") {
        condition = (0, codegen_1._)`${condition} || ${childData} === null || ${childData} === ""`;
      }
      gen.if(condition, (0, codegen_1._)`${childData} = ${(0, codegen_1.stringify)(defaultValue)}`);
    }
  }
});

// node_modules/ajv/dist/vocabularies/code.js
var require_code2 = __commonJS({
  "node_modules/ajv/dist/vocabularies/code.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.validateUnion = exports.validateArray = exports.usePattern = exports.callValidateCode = exports.schemaProperties = exports.allSchemaProperties = exports.noPropertyInData = exports.propertyInData = exports.isOwnProperty = exports.hasPropFunc = exports.reportMissingProp = exports.checkMissingProp = exports.checkReportMissingProp = void 0;
    var codegen_1 = require_codegen();
    var util_1 = require_util();
    var names_1 = require_names();
    var util_2 = require_util();
    function checkReportMissingProp(cxt, prop) {
      const { gen, data, it } = cxt;
      gen.if(noPropertyInData(gen, data, prop, it.opts.ownProperties), () => {
        cxt.setParams({ missingProperty: (0, codegen_1._)`${prop}` }, true);
        cxt.error();
      });
    }
    exports.checkReportMissingProp = checkReportMissingProp;
    function checkMissingProp({ gen, data, it: { opts } }, properties, missing) {
      return (0, codegen_1.or)(...properties.map((prop) => (0, codegen_1.and)(noPropertyInData(gen, data, prop, opts.ownProperties), (0, codegen_1._)`${missing} = ${prop}`)));
    }
    exports.checkMissingProp = checkMissingProp;
    function reportMissingProp(cxt, missing) {
      cxt.setParams({ missingProperty: missing }, true);
      cxt.error();
    }
    exports.reportMissingProp = reportMissingProp;
    function hasPropFunc(gen) {
      return gen.scopeValue("func", {
        // eslint-disable-next-line @typescript-eslint/unbound-method
        ref: Object.prototype.hasOwnProperty,
        code: (0, codegen_1._)`Object.prototype.hasOwnProperty`
      });
    }
    exports.hasPropFunc = hasPropFunc;
    function isOwnProperty(gen, data, property) {
      return (0, codegen_1._)`${hasPropFunc(gen)}.call(${data}, ${property})`;
    }
    exports.isOwnProperty = isOwnProperty;
    function propertyInData(gen, data, property, ownProperties) {
      const cond = (0, codegen_1._)`${data}${(0, codegen_1.getProperty)(property)} !== undefined`;
      return ownProperties ? (0, codegen_1._)`${cond} && ${isOwnProperty(gen, data, property)}` : cond;
    }
    exports.propertyInData = propertyInData;
    function noPropertyInData(gen, data, property, ownProperties) {
      const cond = (0, codegen_1._)`${data}${(0, codegen_1.getProperty)(property)} === undefined`;
      return ownProperties ? (0, codegen_1.or)(cond, (0, codegen_1.not)(isOwnProperty(gen, data, property))) : cond;
    }
    exports.noPropertyInData = noPropertyInData;
    function allSchemaProperties(schemaMap) {
      return schemaMap ? Object.keys(schemaMap).filter((p) => p !== "__proto__") : [];
    }
    exports.allSchemaProperties = allSchemaProperties;
    function schemaProperties(it, schemaMap) {
      return allSchemaProperties(schemaMap).filter((p) => !(0, util_1.alwaysValidSchema)(it, schemaMap[p]));
    }
    exports.schemaProperties = schemaProperties;
    function callValidateCode({ schemaCode, data, it: { gen, topSchemaRef, schemaPath, errorPath }, it }, func, context, passSchema) {
      const dataAndSchema = passSchema ? (0, codegen_1._)`${schemaCode}, ${data}, ${topSchemaRef}${schemaPath}` : data;
      const valCxt = [
        [names_1.default.instancePath, (0, codegen_1.strConcat)(names_1.default.instancePath, errorPath)],
        [names_1.default.parentData, it.parentData],
        [names_1.default.parentDataProperty, it.parentDataProperty],
        [names_1.default.rootData, names_1.default.rootData]
      ];
      if (it.opts.dynamicRef)
        valCxt.push([names_1.default.dynamicAnchors, names_1.default.dynamicAnchors]);
      const args = (0, codegen_1._)`${dataAndSchema}, ${gen.object(...valCxt)}`;
      return context !== codegen_1.nil ? (0, codegen_1._)`${func}.call(${context}, ${args})` : (0, codegen_1._)`${func}(${args})`;
    }
    exports.callValidateCode = callValidateCode;
    var newRegExp = (0, codegen_1._)`new RegExp`;
    function usePattern({ gen, it: { opts } }, pattern) {
      const u = opts.unicodeRegExp ? "u" : "";
      const { regExp } = opts.code;
      const rx = regExp(pattern, u);
      return gen.scopeValue("pattern", {
        key: rx.toString(),
        ref: rx,
        code: (0, codegen_1._)`${regExp.code === "new RegExp" ? newRegExp : (0, util_2.useFunc)(gen, regExp)}(${pattern}, ${u})`
      });
    }
    exports.usePattern = usePattern;
    function validateArray(cxt) {
      const { gen, data, keyword, it } = cxt;
      const valid = gen.name("valid");
      if (it.allErrors) {
        const validArr = gen.let("valid", true);
        validateItems(() => gen.assign(validArr, false));
        return validArr;
      }
      gen.var(valid, true);
      validateItems(() => gen.break());
      return valid;
      function validateItems(notValid) {
        const len = gen.const("len", (0, codegen_1._)`${data}.length`);
        gen.forRange("i", 0, len, (i) => {
          cxt.subschema({
            keyword,
            dataProp: i,
            dataPropType: util_1.Type.Num
          }, valid);
          gen.if((0, codegen_1.not)(valid), notValid);
        });
      }
    }
    exports.validateArray = validateArray;
    function validateUnion(cxt) {
      const { gen, schema, keyword, it } = cxt;
      if (!Array.isArray(schema))
        throw new Error("ajv implementation error");
      const alwaysValid = schema.some((sch) => (0, util_1.alwaysValidSchema)(it, sch));
      if (alwaysValid && !it.opts.unevaluated)
        return;
      const valid = gen.let("valid", false);
      const schValid = gen.name("_valid");
      gen.block(() => schema.forEach((_sch, i) => {
        const schCxt = cxt.subschema({
          keyword,
          schemaProp: i,
          compositeRule: true
        }, schValid);
        gen.assign(valid, (0, codegen_1._)`${valid} || ${schValid}`);
        const merged = cxt.mergeValidEvaluated(schCxt, schValid);
        if (!merged)
          gen.if((0, codegen_1.not)(valid));
      }));
      cxt.result(valid, () => cxt.reset(), () => cxt.error(true));
    }
    exports.validateUnion = validateUnion;
  }
});

// node_modules/ajv/dist/compile/validate/keyword.js
var require_keyword = __commonJS({
  "node_modules/ajv/dist/compile/validate/keyword.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.validateKeywordUsage = exports.validSchemaType = exports.funcKeywordCode = exports.macroKeywordCode = void 0;
    var codegen_1 = require_codegen();
    var names_1 = require_names();
    var code_1 = require_code2();
    var errors_1 = require_errors();
    function macroKeywordCode(cxt, def) {
      const { gen, keyword, schema, parentSchema, it } = cxt;
      const macroSchema = def.macro.call(it.self, schema, parentSchema, it);
      const schemaRef = useKeyword(gen, keyword, macroSchema);
      if (it.opts.validateSchema !== false)
        it.self.validateSchema(macroSchema, true);
      const valid = gen.name("valid");
      cxt.subschema({
        schema: macroSchema,
        schemaPath: codegen_1.nil,
        errSchemaPath: `${it.errSchemaPath}/${keyword}`,
        topSchemaRef: schemaRef,
        compositeRule: true
      }, valid);
      cxt.pass(valid, () => cxt.error(true));
    }
    exports.macroKeywordCode = macroKeywordCode;
    function funcKeywordCode(cxt, def) {
      var _a;
      const { gen, keyword, schema, parentSchema, $data, it } = cxt;
      checkAsyncKeyword(it, def);
      const validate = !$data && def.compile ? def.compile.call(it.self, schema, parentSchema, it) : def.validate;
      const validateRef = useKeyword(gen, keyword, validate);
      const valid = gen.let("valid");
      cxt.block$data(valid, validateKeyword);
      cxt.ok((_a = def.valid) !== null && _a !== void 0 ? _a : valid);
      function validateKeyword() {
        if (def.errors === false) {
          assignValid();
          if (def.modifying)
            modifyData(cxt);
          reportErrs(() => cxt.error());
        } else {
          const ruleErrs = def.async ? validateAsync() : validateSync();
          if (def.modifying)
            modifyData(cxt);
          reportErrs(() => addErrs(cxt, ruleErrs));
        }
      }
      function validateAsync() {
        const ruleErrs = gen.let("ruleErrs", null);
        gen.try(() => assignValid((0, codegen_1._)`await `), (e) => gen.assign(valid, false).if((0, codegen_1._)`${e} instanceof ${it.ValidationError}`, () => gen.assign(ruleErrs, (0, codegen_1._)`${e}.errors`), () => gen.throw(e)));
        return ruleErrs;
      }
      function validateSync() {
        const validateErrs = (0, codegen_1._)`${validateRef}.errors`;
        gen.assign(validateErrs, null);
        assignValid(codegen_1.nil);
        return validateErrs;
      }
      function assignValid(_await = def.async ? (0, codegen_1._)`await ` : codegen_1.nil) {
        const passCxt = it.opts.passContext ? names_1.default.this : names_1.default.self;
        const passSchema = !("compile" in def && !$data || def.schema === false);
        gen.assign(valid, (0, codegen_1._)`${_await}${(0, code_1.callValidateCode)(cxt, validateRef, passCxt, passSchema)}`, def.modifying);
      }
      function reportErrs(errors) {
        var _a2;
        gen.if((0, codegen_1.not)((_a2 = def.valid) !== null && _a2 !== void 0 ? _a2 : valid), errors);
      }
    }
    exports.funcKeywordCode = funcKeywordCode;
    function modifyData(cxt) {
      const { gen, data, it } = cxt;
      gen.if(it.parentData, () => gen.assign(data, (0, codegen_1._)`${it.parentData}[${it.parentDataProperty}]`));
    }
    function addErrs(cxt, errs) {
      const { gen } = cxt;
      gen.if((0, codegen_1._)`Array.isArray(${errs})`, () => {
        gen.assign(names_1.default.vErrors, (0, codegen_1._)`${names_1.default.vErrors} === null ? ${errs} : ${names_1.default.vErrors}.concat(${errs})`).assign(names_1.default.errors, (0, codegen_1._)`${names_1.default.vErrors}.length`);
        (0, errors_1.extendErrors)(cxt);
      }, () => cxt.error());
    }
    function checkAsyncKeyword({ schemaEnv }, def) {
      if (def.async && !schemaEnv.$async)
        throw new Error("async keyword in sync schema");
    }
    function useKeyword(gen, keyword, result) {
      if (result === void 0)
        throw new Error(`keyword "${keyword}" failed to compile`);
      return gen.scopeValue("keyword", typeof result == "function" ? { ref: result } : { ref: result, code: (0, codegen_1.stringify)(result) });
    }
    function validSchemaType(schema, schemaType, allowUndefined = false) {
      return !schemaType.length || schemaType.some((st) => st === "array" ? Array.isArray(schema) : st === "object" ? schema && typeof schema == "object" && !Array.isArray(schema) : typeof schema == st || allowUndefined && typeof schema == "undefined");
    }
    exports.validSchemaType = validSchemaType;
    function validateKeywordUsage({ schema, opts, self, errSchemaPath }, def, keyword) {
      if (Array.isArray(def.keyword) ? !def.keyword.includes(keyword) : def.keyword !== keyword) {
        throw new Error("ajv implementation error");
      }
      const deps = def.dependencies;
      if (deps === null || deps === void 0 ? void 0 : deps.some((kwd) => !Object.prototype.hasOwnProperty.call(schema, kwd))) {
        throw new Error(`parent schema must have dependencies of ${keyword}: ${deps.join(",")}`);
      }
      if (def.validateSchema) {
        const valid = def.validateSchema(schema[keyword]);
        if (!valid) {
          const msg = `keyword "${keyword}" value is invalid at path "${errSchemaPath}": ` + self.errorsText(def.validateSchema.errors);
          if (opts.validateSchema === "log")
            self.logger.error(msg);
          else
            throw new Error(msg);
        }
      }
    }
    exports.validateKeywordUsage = validateKeywordUsage;
  }
});

// node_modules/ajv/dist/compile/validate/subschema.js
var require_subschema = __commonJS({
  "node_modules/ajv/dist/compile/validate/subschema.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.extendSubschemaMode = exports.extendSubschemaData = exports.getSubschema = void 0;
    var codegen_1 = require_codegen();
    var util_1 = require_util();
    function getSubschema(it, { keyword, schemaProp, schema, schemaPath, errSchemaPath, topSchemaRef }) {
      if (keyword !== void 0 && schema !== void 0) {
        throw new Error('both "keyword" and "schema" passed, only one allowed');
      }
      if (keyword !== void 0) {
        const sch = it.schema[keyword];
        return schemaProp === void 0 ? {
          schema: sch,
          schemaPath: (0, codegen_1._)`${it.schemaPath}${(0, codegen_1.getProperty)(keyword)}`,
          errSchemaPath: `${it.errSchemaPath}/${keyword}`
        } : {
          schema: sch[schemaProp],
          schemaPath: (0, codegen_1._)`${it.schemaPath}${(0, codegen_1.getProperty)(keyword)}${(0, codegen_1.getProperty)(schemaProp)}`,
          errSchemaPath: `${it.errSchemaPath}/${keyword}/${(0, util_1.escapeFragment)(schemaProp)}`
        };
      }
      if (schema !== void 0) {
        if (schemaPath === void 0 || errSchemaPath === void 0 || topSchemaRef === void 0) {
          throw new Error('"schemaPath", "errSchemaPath" and "topSchemaRef" are required with "schema"');
        }
        return {
          schema,
          schemaPath,
          topSchemaRef,
          errSchemaPath
        };
      }
      throw new Error('either "keyword" or "schema" must be passed');
    }
    exports.getSubschema = getSubschema;
    function extendSubschemaData(subschema, it, { dataProp, dataPropType: dpType, data, dataTypes, propertyName }) {
      if (data !== void 0 && dataProp !== void 0) {
        throw new Error('both "data" and "dataProp" passed, only one allowed');
      }
      const { gen } = it;
      if (dataProp !== void 0) {
        const { errorPath, dataPathArr, opts } = it;
        const nextData = gen.let("data", (0, codegen_1._)`${it.data}${(0, codegen_1.getProperty)(dataProp)}`, true);
        dataContextProps(nextData);
        subschema.errorPath = (0, codegen_1.str)`${errorPath}${(0, util_1.getErrorPath)(dataProp, dpType, opts.jsPropertySyntax)}`;
        subschema.parentDataProperty = (0, codegen_1._)`${dataProp}`;
        subschema.dataPathArr = [...dataPathArr, subschema.parentDataProperty];
      }
      if (data !== void 0) {
        const nextData = data instanceof codegen_1.Name ? data : gen.let("data", data, true);
        dataContextProps(nextData);
        if (propertyName !== void 0)
          subschema.propertyName = propertyName;
      }
      if (dataTypes)
        subschema.dataTypes = dataTypes;
      function dataContextProps(_nextData) {
        subschema.data = _nextData;
        subschema.dataLevel = it.dataLevel + 1;
        subschema.dataTypes = [];
        it.definedProperties = /* @__PURE__ */ new Set();
        subschema.parentData = it.data;
        subschema.dataNames = [...it.dataNames, _nextData];
      }
    }
    exports.extendSubschemaData = extendSubschemaData;
    function extendSubschemaMode(subschema, { jtdDiscriminator, jtdMetadata, compositeRule, createErrors, allErrors }) {
      if (compositeRule !== void 0)
        subschema.compositeRule = compositeRule;
      if (createErrors !== void 0)
        subschema.createErrors = createErrors;
      if (allErrors !== void 0)
        subschema.allErrors = allErrors;
      subschema.jtdDiscriminator = jtdDiscriminator;
      subschema.jtdMetadata = jtdMetadata;
    }
    exports.extendSubschemaMode = extendSubschemaMode;
  }
});

// node_modules/fast-deep-equal/index.js
var require_fast_deep_equal = __commonJS({
  "node_modules/fast-deep-equal/index.js"(exports, module) {
    "use strict";
    module.exports = function equal(a, b) {
      if (a === b) return true;
      if (a && b && typeof a == "object" && typeof b == "object") {
        if (a.constructor !== b.constructor) return false;
        var length, i, keys;
        if (Array.isArray(a)) {
          length = a.length;
          if (length != b.length) return false;
          for (i = length; i-- !== 0; )
            if (!equal(a[i], b[i])) return false;
          return true;
        }
        if (a.constructor === RegExp) return a.source === b.source && a.flags === b.flags;
        if (a.valueOf !== Object.prototype.valueOf) return a.valueOf() === b.valueOf();
        if (a.toString !== Object.prototype.toString) return a.toString() === b.toString();
        keys = Object.keys(a);
        length = keys.length;
        if (length !== Object.keys(b).length) return false;
        for (i = length; i-- !== 0; )
          if (!Object.prototype.hasOwnProperty.call(b, keys[i])) return false;
        for (i = length; i-- !== 0; ) {
          var key = keys[i];
          if (!equal(a[key], b[key])) return false;
        }
        return true;
      }
      return a !== a && b !== b;
    };
  }
});

// node_modules/json-schema-traverse/index.js
var require_json_schema_traverse = __commonJS({
  "node_modules/json-schema-traverse/index.js"(exports, module) {
    "use strict";
    var traverse = module.exports = function(schema, opts, cb) {
      if (typeof opts == "function") {
        cb = opts;
        opts = {};
      }
      cb = opts.cb || cb;
      var pre = typeof cb == "function" ? cb : cb.pre || function() {
      };
      var post = cb.post || function() {
      };
      _traverse(opts, pre, post, schema, "", schema);
    };
    traverse.keywords = {
      additionalItems: true,
      items: true,
      contains: true,
      additionalProperties: true,
      propertyNames: true,
      not: true,
      if: true,
      then: true,
      else: true
    };
    traverse.arrayKeywords = {
      items: true,
      allOf: true,
      anyOf: true,
      oneOf: true
    };
    traverse.propsKeywords = {
      $defs: true,
      definitions: true,
      properties: true,
      patternProperties: true,
      dependencies: true
    };
    traverse.skipKeywords = {
      default: true,
      enum: true,
      const: true,
      required: true,
      maximum: true,
      minimum: true,
      exclusiveMaximum: true,
      exclusiveMinimum: true,
      multipleOf: true,
      maxLength: true,
      minLength: true,
      pattern: true,
      format: true,
      maxItems: true,
      minItems: true,
      uniqueItems: true,
      maxProperties: true,
      minProperties: true
    };
    function _traverse(opts, pre, post, schema, jsonPtr, rootSchema, parentJsonPtr, parentKeyword, parentSchema, keyIndex) {
      if (schema && typeof schema == "object" && !Array.isArray(schema)) {
        pre(schema, jsonPtr, rootSchema, parentJsonPtr, parentKeyword, parentSchema, keyIndex);
        for (var key in schema) {
          var sch = schema[key];
          if (Array.isArray(sch)) {
            if (key in traverse.arrayKeywords) {
              for (var i = 0; i < sch.length; i++)
                _traverse(opts, pre, post, sch[i], jsonPtr + "/" + key + "/" + i, rootSchema, jsonPtr, key, schema, i);
            }
          } else if (key in traverse.propsKeywords) {
            if (sch && typeof sch == "object") {
              for (var prop in sch)
                _traverse(opts, pre, post, sch[prop], jsonPtr + "/" + key + "/" + escapeJsonPtr(prop), rootSchema, jsonPtr, key, schema, prop);
            }
          } else if (key in traverse.keywords || opts.allKeys && !(key in traverse.skipKeywords)) {
            _traverse(opts, pre, post, sch, jsonPtr + "/" + key, rootSchema, jsonPtr, key, schema);
          }
        }
        post(schema, jsonPtr, rootSchema, parentJsonPtr, parentKeyword, parentSchema, keyIndex);
      }
    }
    function escapeJsonPtr(str3) {
      return str3.replace(/~/g, "~0").replace(/\//g, "~1");
    }
  }
});

// node_modules/ajv/dist/compile/resolve.js
var require_resolve = __commonJS({
  "node_modules/ajv/dist/compile/resolve.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.getSchemaRefs = exports.resolveUrl = exports.normalizeId = exports._getFullPath = exports.getFullPath = exports.inlineRef = void 0;
    var util_1 = require_util();
    var equal = require_fast_deep_equal();
    var traverse = require_json_schema_traverse();
    var SIMPLE_INLINED = /* @__PURE__ */ new Set([
      "type",
      "format",
      "pattern",
      "maxLength",
      "minLength",
      "maxProperties",
      "minProperties",
      "maxItems",
      "minItems",
      "maximum",
      "minimum",
      "uniqueItems",
      "multipleOf",
      "required",
      "enum",
      "const"
    ]);
    function inlineRef(schema, limit = true) {
      if (typeof schema == "boolean")
        return true;
      if (limit === true)
        return !hasRef(schema);
      if (!limit)
        return false;
      return countKeys(schema) <= limit;
    }
    exports.inlineRef = inlineRef;
    var REF_KEYWORDS = /* @__PURE__ */ new Set([
      "$ref",
      "$recursiveRef",
      "$recursiveAnchor",
      "$dynamicRef",
      "$dynamicAnchor"
    ]);
    function hasRef(schema) {
      for (const key in schema) {
        if (REF_KEYWORDS.has(key))
          return true;
        const sch = schema[key];
        if (Array.isArray(sch) && sch.some(hasRef))
          return true;
        if (typeof sch == "object" && hasRef(sch))
          return true;
      }
      return false;
    }
    function countKeys(schema) {
      let count = 0;
      for (const key in schema) {
        if (key === "$ref")
          return Infinity;
        count++;
        if (SIMPLE_INLINED.has(key))
          continue;
        if (typeof schema[key] == "object") {
          (0, util_1.eachItem)(schema[key], (sch) => count += countKeys(sch));
        }
        if (count === Infinity)
          return Infinity;
      }
      return count;
    }
    function getFullPath(resolver, id = "", normalize) {
      if (normalize !== false)
        id = normalizeId(id);
      const p = resolver.parse(id);
      return _getFullPath(resolver, p);
    }
    exports.getFullPath = getFullPath;
    function _getFullPath(resolver, p) {
      const serialized = resolver.serialize(p);
      return serialized.split("#")[0] + "#";
    }
    exports._getFullPath = _getFullPath;
    var TRAILING_SLASH_HASH = /#\/?$/;
    function normalizeId(id) {
      return id ? id.replace(TRAILING_SLASH_HASH, "") : "";
    }
    exports.normalizeId = normalizeId;
    function resolveUrl(resolver, baseId, id) {
      id = normalizeId(id);
      return resolver.resolve(baseId, id);
    }
    exports.resolveUrl = resolveUrl;
    var ANCHOR = /^[a-z_][-a-z0-9._]*$/i;
    function getSchemaRefs(schema, baseId) {
      if (typeof schema == "boolean")
        return {};
      const { schemaId, uriResolver } = this.opts;
      const schId = normalizeId(schema[schemaId] || baseId);
      const baseIds = { "": schId };
      const pathPrefix = getFullPath(uriResolver, schId, false);
      const localRefs = {};
      const schemaRefs = /* @__PURE__ */ new Set();
      traverse(schema, { allKeys: true }, (sch, jsonPtr, _, parentJsonPtr) => {
        if (parentJsonPtr === void 0)
          return;
        const fullPath = pathPrefix + jsonPtr;
        let innerBaseId = baseIds[parentJsonPtr];
        if (typeof sch[schemaId] == "string")
          innerBaseId = addRef.call(this, sch[schemaId]);
        addAnchor.call(this, sch.$anchor);
        addAnchor.call(this, sch.$dynamicAnchor);
        baseIds[jsonPtr] = innerBaseId;
        function addRef(ref) {
          const _resolve = this.opts.uriResolver.resolve;
          ref = normalizeId(innerBaseId ? _resolve(innerBaseId, ref) : ref);
          if (schemaRefs.has(ref))
            throw ambiguos(ref);
          schemaRefs.add(ref);
          let schOrRef = this.refs[ref];
          if (typeof schOrRef == "string")
            schOrRef = this.refs[schOrRef];
          if (typeof schOrRef == "object") {
            checkAmbiguosRef(sch, schOrRef.schema, ref);
          } else if (ref !== normalizeId(fullPath)) {
            if (ref[0] === "#") {
              checkAmbiguosRef(sch, localRefs[ref], ref);
              localRefs[ref] = sch;
            } else {
              this.refs[ref] = fullPath;
            }
          }
          return ref;
        }
        function addAnchor(anchor) {
          if (typeof anchor == "string") {
            if (!ANCHOR.test(anchor))
              throw new Error(`invalid anchor "${anchor}"`);
            addRef.call(this, `#${anchor}`);
          }
        }
      });
      return localRefs;
      function checkAmbiguosRef(sch1, sch2, ref) {
        if (sch2 !== void 0 && !equal(sch1, sch2))
          throw ambiguos(ref);
      }
      function ambiguos(ref) {
        return new Error(`reference "${ref}" resolves to more than one schema`);
      }
    }
    exports.getSchemaRefs = getSchemaRefs;
  }
});

// node_modules/ajv/dist/compile/validate/index.js
var require_validate = __commonJS({
  "node_modules/ajv/dist/compile/validate/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.getData = exports.KeywordCxt = exports.validateFunctionCode = void 0;
    var boolSchema_1 = require_boolSchema();
    var dataType_1 = require_dataType();
    var applicability_1 = require_applicability();
    var dataType_2 = require_dataType();
    var defaults_1 = require_defaults();
    var keyword_1 = require_keyword();
    var subschema_1 = require_subschema();
    var codegen_1 = require_codegen();
    var names_1 = require_names();
    var resolve_1 = require_resolve();
    var util_1 = require_util();
    var errors_1 = require_errors();
    function validateFunctionCode(it) {
      if (isSchemaObj(it)) {
        checkKeywords(it);
        if (schemaCxtHasRules(it)) {
          topSchemaObjCode(it);
          return;
        }
      }
      validateFunction(it, () => (0, boolSchema_1.topBoolOrEmptySchema)(it));
    }
    exports.validateFunctionCode = validateFunctionCode;
    function validateFunction({ gen, validateName, schema, schemaEnv, opts }, body) {
      if (opts.code.es5) {
        gen.func(validateName, (0, codegen_1._)`${names_1.default.data}, ${names_1.default.valCxt}`, schemaEnv.$async, () => {
          gen.code((0, codegen_1._)`"use strict"; ${funcSourceUrl(schema, opts)}`);
          destructureValCxtES5(gen, opts);
          gen.code(body);
        });
      } else {
        gen.func(validateName, (0, codegen_1._)`${names_1.default.data}, ${destructureValCxt(opts)}`, schemaEnv.$async, () => gen.code(funcSourceUrl(schema, opts)).code(body));
      }
    }
    function destructureValCxt(opts) {
      return (0, codegen_1._)`{${names_1.default.instancePath}="", ${names_1.default.parentData}, ${names_1.default.parentDataProperty}, ${names_1.default.rootData}=${names_1.default.data}${opts.dynamicRef ? (0, codegen_1._)`, ${names_1.default.dynamicAnchors}={}` : codegen_1.nil}}={}`;
    }
    function destructureValCxtES5(gen, opts) {
      gen.if(names_1.default.valCxt, () => {
        gen.var(names_1.default.instancePath, (0, codegen_1._)`${names_1.default.valCxt}.${names_1.default.instancePath}`);
        gen.var(names_1.default.parentData, (0, codegen_1._)`${names_1.default.valCxt}.${names_1.default.parentData}`);
        gen.var(names_1.default.parentDataProperty, (0, codegen_1._)`${names_1.default.valCxt}.${names_1.default.parentDataProperty}`);
        gen.var(names_1.default.rootData, (0, codegen_1._)`${names_1.default.valCxt}.${names_1.default.rootData}`);
        if (opts.dynamicRef)
          gen.var(names_1.default.dynamicAnchors, (0, codegen_1._)`${names_1.default.valCxt}.${names_1.default.dynamicAnchors}`);
      }, () => {
        gen.var(names_1.default.instancePath, (0, codegen_1._)`""`);
        gen.var(names_1.default.parentData, (0, codegen_1._)`undefined`);
        gen.var(names_1.default.parentDataProperty, (0, codegen_1._)`undefined`);
        gen.var(names_1.default.rootData, names_1.default.data);
        if (opts.dynamicRef)
          gen.var(names_1.default.dynamicAnchors, (0, codegen_1._)`{}`);
      });
    }
    function topSchemaObjCode(it) {
      const { schema, opts, gen } = it;
      validateFunction(it, () => {
        if (opts.$comment && schema.$comment)
          commentKeyword(it);
        checkNoDefault(it);
        gen.let(names_1.default.vErrors, null);
        gen.let(names_1.default.errors, 0);
        if (opts.unevaluated)
          resetEvaluated(it);
        typeAndKeywords(it);
        returnResults(it);
      });
      return;
    }
    function resetEvaluated(it) {
      const { gen, validateName } = it;
      it.evaluated = gen.const("evaluated", (0, codegen_1._)`${validateName}.evaluated`);
      gen.if((0, codegen_1._)`${it.evaluated}.dynamicProps`, () => gen.assign((0, codegen_1._)`${it.evaluated}.props`, (0, codegen_1._)`undefined`));
      gen.if((0, codegen_1._)`${it.evaluated}.dynamicItems`, () => gen.assign((0, codegen_1._)`${it.evaluated}.items`, (0, codegen_1._)`undefined`));
    }
    function funcSourceUrl(schema, opts) {
      const schId = typeof schema == "object" && schema[opts.schemaId];
      return schId && (opts.code.source || opts.code.process) ? (0, codegen_1._)`/*# sourceURL=${schId} */` : codegen_1.nil;
    }
    function subschemaCode(it, valid) {
      if (isSchemaObj(it)) {
        checkKeywords(it);
        if (schemaCxtHasRules(it)) {
          subSchemaObjCode(it, valid);
          return;
        }
      }
      (0, boolSchema_1.boolOrEmptySchema)(it, valid);
    }
    function schemaCxtHasRules({ schema, self }) {
      if (typeof schema == "boolean")
        return !schema;
      for (const key in schema)
        if (self.RULES.all[key])
          return true;
      return false;
    }
    function isSchemaObj(it) {
      return typeof it.schema != "boolean";
    }
    function subSchemaObjCode(it, valid) {
      const { schema, gen, opts } = it;
      if (opts.$comment && schema.$comment)
        commentKeyword(it);
      updateContext(it);
      checkAsyncSchema(it);
      const errsCount = gen.const("_errs", names_1.default.errors);
      typeAndKeywords(it, errsCount);
      gen.var(valid, (0, codegen_1._)`${errsCount} === ${names_1.default.errors}`);
    }
    function checkKeywords(it) {
      (0, util_1.checkUnknownRules)(it);
      checkRefsAndKeywords(it);
    }
    function typeAndKeywords(it, errsCount) {
      if (it.opts.jtd)
        return schemaKeywords(it, [], false, errsCount);
      const types = (0, dataType_1.getSchemaTypes)(it.schema);
      const checkedTypes = (0, dataType_1.coerceAndCheckDataType)(it, types);
      schemaKeywords(it, types, !checkedTypes, errsCount);
    }
    function checkRefsAndKeywords(it) {
      const { schema, errSchemaPath, opts, self } = it;
      if (schema.$ref && opts.ignoreKeywordsWithRef && (0, util_1.schemaHasRulesButRef)(schema, self.RULES)) {
        self.logger.warn(`$ref: keywords ignored in schema at path "${errSchemaPath}"`);
      }
    }
    function checkNoDefault(it) {
      const { schema, opts } = it;
      if (schema.default !== void 0 && opts.useDefaults && opts.strictSchema) {
        (0, util_1.checkStrictMode)(it, "default is ignored in the schema root");
      }
    }
    function updateContext(it) {
      const schId = it.schema[it.opts.schemaId];
      if (schId)
        it.baseId = (0, resolve_1.resolveUrl)(it.opts.uriResolver, it.baseId, schId);
    }
    function checkAsyncSchema(it) {
      if (it.schema.$async && !it.schemaEnv.$async)
        throw new Error("async schema in sync schema");
    }
    function commentKeyword({ gen, schemaEnv, schema, errSchemaPath, opts }) {
      const msg = schema.$comment;
      if (opts.$comment === true) {
        gen.code((0, codegen_1._)`${names_1.default.self}.logger.log(${msg})`);
      } else if (typeof opts.$comment == "function") {
        const schemaPath = (0, codegen_1.str)`${errSchemaPath}/$comment`;
        const rootName = gen.scopeValue("root", { ref: schemaEnv.root });
        gen.code((0, codegen_1._)`${names_1.default.self}.opts.$comment(${msg}, ${schemaPath}, ${rootName}.schema)`);
      }
    }
    function returnResults(it) {
      const { gen, schemaEnv, validateName, ValidationError, opts } = it;
      if (schemaEnv.$async) {
        gen.if((0, codegen_1._)`${names_1.default.errors} === 0`, () => gen.return(names_1.default.data), () => gen.throw((0, codegen_1._)`new ${ValidationError}(${names_1.default.vErrors})`));
      } else {
        gen.assign((0, codegen_1._)`${validateName}.errors`, names_1.default.vErrors);
        if (opts.unevaluated)
          assignEvaluated(it);
        gen.return((0, codegen_1._)`${names_1.default.errors} === 0`);
      }
    }
    function assignEvaluated({ gen, evaluated, props, items }) {
      if (props instanceof codegen_1.Name)
        gen.assign((0, codegen_1._)`${evaluated}.props`, props);
      if (items instanceof codegen_1.Name)
        gen.assign((0, codegen_1._)`${evaluated}.items`, items);
    }
    function schemaKeywords(it, types, typeErrors, errsCount) {
      const { gen, schema, data, allErrors, opts, self } = it;
      const { RULES } = self;
      if (schema.$ref && (opts.ignoreKeywordsWithRef || !(0, util_1.schemaHasRulesButRef)(schema, RULES))) {
        gen.block(() => keywordCode(it, "$ref", RULES.all.$ref.definition));
        return;
      }
      if (!opts.jtd)
        checkStrictTypes(it, types);
      gen.block(() => {
        for (const group of RULES.rules)
          groupKeywords(group);
        groupKeywords(RULES.post);
      });
      function groupKeywords(group) {
        if (!(0, applicability_1.shouldUseGroup)(schema, group))
          return;
        if (group.type) {
          gen.if((0, dataType_2.checkDataType)(group.type, data, opts.strictNumbers));
          iterateKeywords(it, group);
          if (types.length === 1 && types[0] === group.type && typeErrors) {
            gen.else();
            (0, dataType_2.reportTypeError)(it);
          }
          gen.endIf();
        } else {
          iterateKeywords(it, group);
        }
        if (!allErrors)
          gen.if((0, codegen_1._)`${names_1.default.errors} === ${errsCount || 0}`);
      }
    }
    function iterateKeywords(it, group) {
      const { gen, schema, opts: { useDefaults } } = it;
      if (useDefaults)
        (0, defaults_1.assignDefaults)(it, group.type);
      gen.block(() => {
        for (const rule of group.rules) {
          if ((0, applicability_1.shouldUseRule)(schema, rule)) {
            keywordCode(it, rule.keyword, rule.definition, group.type);
          }
        }
      });
    }
    function checkStrictTypes(it, types) {
      if (it.schemaEnv.meta || !it.opts.strictTypes)
        return;
      checkContextTypes(it, types);
      if (!it.opts.allowUnionTypes)
        checkMultipleTypes(it, types);
      checkKeywordTypes(it, it.dataTypes);
    }
    function checkContextTypes(it, types) {
      if (!types.length)
        return;
      if (!it.dataTypes.length) {
        it.dataTypes = types;
        return;
      }
      types.forEach((t) => {
        if (!includesType(it.dataTypes, t)) {
          strictTypesError(it, `type "${t}" not allowed by context "${it.dataTypes.join(",")}"`);
        }
      });
      narrowSchemaTypes(it, types);
    }
    function checkMultipleTypes(it, ts) {
      if (ts.length > 1 && !(ts.length === 2 && ts.includes("null"))) {
        strictTypesError(it, "use allowUnionTypes to allow union type keyword");
      }
    }
    function checkKeywordTypes(it, ts) {
      const rules = it.self.RULES.all;
      for (const keyword in rules) {
        const rule = rules[keyword];
        if (typeof rule == "object" && (0, applicability_1.shouldUseRule)(it.schema, rule)) {
          const { type } = rule.definition;
          if (type.length && !type.some((t) => hasApplicableType(ts, t))) {
            strictTypesError(it, `missing type "${type.join(",")}" for keyword "${keyword}"`);
          }
        }
      }
    }
    function hasApplicableType(schTs, kwdT) {
      return schTs.includes(kwdT) || kwdT === "number" && schTs.includes("integer");
    }
    function includesType(ts, t) {
      return ts.includes(t) || t === "integer" && ts.includes("number");
    }
    function narrowSchemaTypes(it, withTypes) {
      const ts = [];
      for (const t of it.dataTypes) {
        if (includesType(withTypes, t))
          ts.push(t);
        else if (withTypes.includes("integer") && t === "number")
          ts.push("integer");
      }
      it.dataTypes = ts;
    }
    function strictTypesError(it, msg) {
      const schemaPath = it.schemaEnv.baseId + it.errSchemaPath;
      msg += ` at "${schemaPath}" (strictTypes)`;
      (0, util_1.checkStrictMode)(it, msg, it.opts.strictTypes);
    }
    var KeywordCxt = class {
      constructor(it, def, keyword) {
        (0, keyword_1.validateKeywordUsage)(it, def, keyword);
        this.gen = it.gen;
        this.allErrors = it.allErrors;
        this.keyword = keyword;
        this.data = it.data;
        this.schema = it.schema[keyword];
        this.$data = def.$data && it.opts.$data && this.schema && this.schema.$data;
        this.schemaValue = (0, util_1.schemaRefOrVal)(it, this.schema, keyword, this.$data);
        this.schemaType = def.schemaType;
        this.parentSchema = it.schema;
        this.params = {};
        this.it = it;
        this.def = def;
        if (this.$data) {
          this.schemaCode = it.gen.const("vSchema", getData(this.$data, it));
        } else {
          this.schemaCode = this.schemaValue;
          if (!(0, keyword_1.validSchemaType)(this.schema, def.schemaType, def.allowUndefined)) {
            throw new Error(`${keyword} value must be ${JSON.stringify(def.schemaType)}`);
          }
        }
        if ("code" in def ? def.trackErrors : def.errors !== false) {
          this.errsCount = it.gen.const("_errs", names_1.default.errors);
        }
      }
      result(condition, successAction, failAction) {
        this.failResult((0, codegen_1.not)(condition), successAction, failAction);
      }
      failResult(condition, successAction, failAction) {
        this.gen.if(condition);
        if (failAction)
          failAction();
        else
          this.error();
        if (successAction) {
          this.gen.else();
          successAction();
          if (this.allErrors)
            this.gen.endIf();
        } else {
          if (this.allErrors)
            this.gen.endIf();
          else
            this.gen.else();
        }
      }
      pass(condition, failAction) {
        this.failResult((0, codegen_1.not)(condition), void 0, failAction);
      }
      fail(condition) {
        if (condition === void 0) {
          this.error();
          if (!this.allErrors)
            this.gen.if(false);
          return;
        }
        this.gen.if(condition);
        this.error();
        if (this.allErrors)
          this.gen.endIf();
        else
          this.gen.else();
      }
      fail$data(condition) {
        if (!this.$data)
          return this.fail(condition);
        const { schemaCode } = this;
        this.fail((0, codegen_1._)`${schemaCode} !== undefined && (${(0, codegen_1.or)(this.invalid$data(), condition)})`);
      }
      error(append, errorParams, errorPaths) {
        if (errorParams) {
          this.setParams(errorParams);
          this._error(append, errorPaths);
          this.setParams({});
          return;
        }
        this._error(append, errorPaths);
      }
      _error(append, errorPaths) {
        ;
        (append ? errors_1.reportExtraError : errors_1.reportError)(this, this.def.error, errorPaths);
      }
      $dataError() {
        (0, errors_1.reportError)(this, this.def.$dataError || errors_1.keyword$DataError);
      }
      reset() {
        if (this.errsCount === void 0)
          throw new Error('add "trackErrors" to keyword definition');
        (0, errors_1.resetErrorsCount)(this.gen, this.errsCount);
      }
      ok(cond) {
        if (!this.allErrors)
          this.gen.if(cond);
      }
      setParams(obj, assign) {
        if (assign)
          Object.assign(this.params, obj);
        else
          this.params = obj;
      }
      block$data(valid, codeBlock, $dataValid = codegen_1.nil) {
        this.gen.block(() => {
          this.check$data(valid, $dataValid);
          codeBlock();
        });
      }
      check$data(valid = codegen_1.nil, $dataValid = codegen_1.nil) {
        if (!this.$data)
          return;
        const { gen, schemaCode, schemaType, def } = this;
        gen.if((0, codegen_1.or)((0, codegen_1._)`${schemaCode} === undefined`, $dataValid));
        if (valid !== codegen_1.nil)
          gen.assign(valid, true);
        if (schemaType.length || def.validateSchema) {
          gen.elseIf(this.invalid$data());
          this.$dataError();
          if (valid !== codegen_1.nil)
            gen.assign(valid, false);
        }
        gen.else();
      }
      invalid$data() {
        const { gen, schemaCode, schemaType, def, it } = this;
        return (0, codegen_1.or)(wrong$DataType(), invalid$DataSchema());
        function wrong$DataType() {
          if (schemaType.length) {
            if (!(schemaCode instanceof codegen_1.Name))
              throw new Error("ajv implementation error");
            const st = Array.isArray(schemaType) ? schemaType : [schemaType];
            return (0, codegen_1._)`${(0, dataType_2.checkDataTypes)(st, schemaCode, it.opts.strictNumbers, dataType_2.DataType.Wrong)}`;
          }
          return codegen_1.nil;
        }
        function invalid$DataSchema() {
          if (def.validateSchema) {
            const validateSchemaRef = gen.scopeValue("validate$data", { ref: def.validateSchema });
            return (0, codegen_1._)`!${validateSchemaRef}(${schemaCode})`;
          }
          return codegen_1.nil;
        }
      }
      subschema(appl, valid) {
        const subschema = (0, subschema_1.getSubschema)(this.it, appl);
        (0, subschema_1.extendSubschemaData)(subschema, this.it, appl);
        (0, subschema_1.extendSubschemaMode)(subschema, appl);
        const nextContext = { ...this.it, ...subschema, items: void 0, props: void 0 };
        subschemaCode(nextContext, valid);
        return nextContext;
      }
      mergeEvaluated(schemaCxt, toName) {
        const { it, gen } = this;
        if (!it.opts.unevaluated)
          return;
        if (it.props !== true && schemaCxt.props !== void 0) {
          it.props = util_1.mergeEvaluated.props(gen, schemaCxt.props, it.props, toName);
        }
        if (it.items !== true && schemaCxt.items !== void 0) {
          it.items = util_1.mergeEvaluated.items(gen, schemaCxt.items, it.items, toName);
        }
      }
      mergeValidEvaluated(schemaCxt, valid) {
        const { it, gen } = this;
        if (it.opts.unevaluated && (it.props !== true || it.items !== true)) {
          gen.if(valid, () => this.mergeEvaluated(schemaCxt, codegen_1.Name));
          return true;
        }
      }
    };
    exports.KeywordCxt = KeywordCxt;
    function keywordCode(it, keyword, def, ruleType) {
      const cxt = new KeywordCxt(it, def, keyword);
      if ("code" in def) {
        def.code(cxt, ruleType);
      } else if (cxt.$data && def.validate) {
        (0, keyword_1.funcKeywordCode)(cxt, def);
      } else if ("macro" in def) {
        (0, keyword_1.macroKeywordCode)(cxt, def);
      } else if (def.compile || def.validate) {
        (0, keyword_1.funcKeywordCode)(cxt, def);
      }
    }
    var JSON_POINTER = /^\/(?:[^~]|~0|~1)*$/;
    var RELATIVE_JSON_POINTER = /^([0-9]+)(#|\/(?:[^~]|~0|~1)*)?$/;
    function getData($data, { dataLevel, dataNames, dataPathArr }) {
      let jsonPointer;
      let data;
      if ($data === "")
        return names_1.default.rootData;
      if ($data[0] === "/") {
        if (!JSON_POINTER.test($data))
          throw new Error(`Invalid JSON-pointer: ${$data}`);
        jsonPointer = $data;
        data = names_1.default.rootData;
      } else {
        const matches = RELATIVE_JSON_POINTER.exec($data);
        if (!matches)
          throw new Error(`Invalid JSON-pointer: ${$data}`);
        const up = +matches[1];
        jsonPointer = matches[2];
        if (jsonPointer === "#") {
          if (up >= dataLevel)
            throw new Error(errorMsg("property/index", up));
          return dataPathArr[dataLevel - up];
        }
        if (up > dataLevel)
          throw new Error(errorMsg("data", up));
        data = dataNames[dataLevel - up];
        if (!jsonPointer)
          return data;
      }
      let expr = data;
      const segments = jsonPointer.split("/");
      for (const segment of segments) {
        if (segment) {
          data = (0, codegen_1._)`${data}${(0, codegen_1.getProperty)((0, util_1.unescapeJsonPointer)(segment))}`;
          expr = (0, codegen_1._)`${expr} && ${data}`;
        }
      }
      return expr;
      function errorMsg(pointerType, up) {
        return `Cannot access ${pointerType} ${up} levels up, current level is ${dataLevel}`;
      }
    }
    exports.getData = getData;
  }
});

// node_modules/ajv/dist/runtime/validation_error.js
var require_validation_error = __commonJS({
  "node_modules/ajv/dist/runtime/validation_error.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var ValidationError = class extends Error {
      constructor(errors) {
        super("validation failed");
        this.errors = errors;
        this.ajv = this.validation = true;
      }
    };
    exports.default = ValidationError;
  }
});

// node_modules/ajv/dist/compile/ref_error.js
var require_ref_error = __commonJS({
  "node_modules/ajv/dist/compile/ref_error.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var resolve_1 = require_resolve();
    var MissingRefError = class extends Error {
      constructor(resolver, baseId, ref, msg) {
        super(msg || `can't resolve reference ${ref} from id ${baseId}`);
        this.missingRef = (0, resolve_1.resolveUrl)(resolver, baseId, ref);
        this.missingSchema = (0, resolve_1.normalizeId)((0, resolve_1.getFullPath)(resolver, this.missingRef));
      }
    };
    exports.default = MissingRefError;
  }
});

// node_modules/ajv/dist/compile/index.js
var require_compile = __commonJS({
  "node_modules/ajv/dist/compile/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.resolveSchema = exports.getCompilingSchema = exports.resolveRef = exports.compileSchema = exports.SchemaEnv = void 0;
    var codegen_1 = require_codegen();
    var validation_error_1 = require_validation_error();
    var names_1 = require_names();
    var resolve_1 = require_resolve();
    var util_1 = require_util();
    var validate_1 = require_validate();
    var SchemaEnv = class {
      constructor(env) {
        var _a;
        this.refs = {};
        this.dynamicAnchors = {};
        let schema;
        if (typeof env.schema == "object")
          schema = env.schema;
        this.schema = env.schema;
        this.schemaId = env.schemaId;
        this.root = env.root || this;
        this.baseId = (_a = env.baseId) !== null && _a !== void 0 ? _a : (0, resolve_1.normalizeId)(schema === null || schema === void 0 ? void 0 : schema[env.schemaId || "$id"]);
        this.schemaPath = env.schemaPath;
        this.localRefs = env.localRefs;
        this.meta = env.meta;
        this.$async = schema === null || schema === void 0 ? void 0 : schema.$async;
        this.refs = {};
      }
    };
    exports.SchemaEnv = SchemaEnv;
    function compileSchema(sch) {
      const _sch = getCompilingSchema.call(this, sch);
      if (_sch)
        return _sch;
      const rootId = (0, resolve_1.getFullPath)(this.opts.uriResolver, sch.root.baseId);
      const { es5, lines } = this.opts.code;
      const { ownProperties } = this.opts;
      const gen = new codegen_1.CodeGen(this.scope, { es5, lines, ownProperties });
      let _ValidationError;
      if (sch.$async) {
        _ValidationError = gen.scopeValue("Error", {
          ref: validation_error_1.default,
          code: (0, codegen_1._)`require("ajv/dist/runtime/validation_error").default`
        });
      }
      const validateName = gen.scopeName("validate");
      sch.validateName = validateName;
      const schemaCxt = {
        gen,
        allErrors: this.opts.allErrors,
        data: names_1.default.data,
        parentData: names_1.default.parentData,
        parentDataProperty: names_1.default.parentDataProperty,
        dataNames: [names_1.default.data],
        dataPathArr: [codegen_1.nil],
        // TODO can its length be used as dataLevel if nil is removed?
        dataLevel: 0,
        dataTypes: [],
        definedProperties: /* @__PURE__ */ new Set(),
        topSchemaRef: gen.scopeValue("schema", this.opts.code.source === true ? { ref: sch.schema, code: (0, codegen_1.stringify)(sch.schema) } : { ref: sch.schema }),
        validateName,
        ValidationError: _ValidationError,
        schema: sch.schema,
        schemaEnv: sch,
        rootId,
        baseId: sch.baseId || rootId,
        schemaPath: codegen_1.nil,
        errSchemaPath: sch.schemaPath || (this.opts.jtd ? "" : "#"),
        errorPath: (0, codegen_1._)`""`,
        opts: this.opts,
        self: this
      };
      let sourceCode;
      try {
        this._compilations.add(sch);
        (0, validate_1.validateFunctionCode)(schemaCxt);
        gen.optimize(this.opts.code.optimize);
        const validateCode = gen.toString();
        sourceCode = `${gen.scopeRefs(names_1.default.scope)}return ${validateCode}`;
        if (this.opts.code.process)
          sourceCode = this.opts.code.process(sourceCode, sch);
        const makeValidate = new Function(`${names_1.default.self}`, `${names_1.default.scope}`, sourceCode);
        const validate = makeValidate(this, this.scope.get());
        this.scope.value(validateName, { ref: validate });
        validate.errors = null;
        validate.schema = sch.schema;
        validate.schemaEnv = sch;
        if (sch.$async)
          validate.$async = true;
        if (this.opts.code.source === true) {
          validate.source = { validateName, validateCode, scopeValues: gen._values };
        }
        if (this.opts.unevaluated) {
          const { props, items } = schemaCxt;
          validate.evaluated = {
            props: props instanceof codegen_1.Name ? void 0 : props,
            items: items instanceof codegen_1.Name ? void 0 : items,
            dynamicProps: props instanceof codegen_1.Name,
            dynamicItems: items instanceof codegen_1.Name
          };
          if (validate.source)
            validate.source.evaluated = (0, codegen_1.stringify)(validate.evaluated);
        }
        sch.validate = validate;
        return sch;
      } catch (e) {
        delete sch.validate;
        delete sch.validateName;
        if (sourceCode)
          this.logger.error("Error compiling schema, function code:", sourceCode);
        throw e;
      } finally {
        this._compilations.delete(sch);
      }
    }
    exports.compileSchema = compileSchema;
    function resolveRef(root, baseId, ref) {
      var _a;
      ref = (0, resolve_1.resolveUrl)(this.opts.uriResolver, baseId, ref);
      const schOrFunc = root.refs[ref];
      if (schOrFunc)
        return schOrFunc;
      let _sch = resolve.call(this, root, ref);
      if (_sch === void 0) {
        const schema = (_a = root.localRefs) === null || _a === void 0 ? void 0 : _a[ref];
        const { schemaId } = this.opts;
        if (schema)
          _sch = new SchemaEnv({ schema, schemaId, root, baseId });
      }
      if (_sch === void 0)
        return;
      return root.refs[ref] = inlineOrCompile.call(this, _sch);
    }
    exports.resolveRef = resolveRef;
    function inlineOrCompile(sch) {
      if ((0, resolve_1.inlineRef)(sch.schema, this.opts.inlineRefs))
        return sch.schema;
      return sch.validate ? sch : compileSchema.call(this, sch);
    }
    function getCompilingSchema(schEnv) {
      for (const sch of this._compilations) {
        if (sameSchemaEnv(sch, schEnv))
          return sch;
      }
    }
    exports.getCompilingSchema = getCompilingSchema;
    function sameSchemaEnv(s1, s2) {
      return s1.schema === s2.schema && s1.root === s2.root && s1.baseId === s2.baseId;
    }
    function resolve(root, ref) {
      let sch;
      while (typeof (sch = this.refs[ref]) == "string")
        ref = sch;
      return sch || this.schemas[ref] || resolveSchema.call(this, root, ref);
    }
    function resolveSchema(root, ref) {
      const p = this.opts.uriResolver.parse(ref);
      const refPath = (0, resolve_1._getFullPath)(this.opts.uriResolver, p);
      let baseId = (0, resolve_1.getFullPath)(this.opts.uriResolver, root.baseId, void 0);
      if (Object.keys(root.schema).length > 0 && refPath === baseId) {
        return getJsonPointer.call(this, p, root);
      }
      const id = (0, resolve_1.normalizeId)(refPath);
      const schOrRef = this.refs[id] || this.schemas[id];
      if (typeof schOrRef == "string") {
        const sch = resolveSchema.call(this, root, schOrRef);
        if (typeof (sch === null || sch === void 0 ? void 0 : sch.schema) !== "object")
          return;
        return getJsonPointer.call(this, p, sch);
      }
      if (typeof (schOrRef === null || schOrRef === void 0 ? void 0 : schOrRef.schema) !== "object")
        return;
      if (!schOrRef.validate)
        compileSchema.call(this, schOrRef);
      if (id === (0, resolve_1.normalizeId)(ref)) {
        const { schema } = schOrRef;
        const { schemaId } = this.opts;
        const schId = schema[schemaId];
        if (schId)
          baseId = (0, resolve_1.resolveUrl)(this.opts.uriResolver, baseId, schId);
        return new SchemaEnv({ schema, schemaId, root, baseId });
      }
      return getJsonPointer.call(this, p, schOrRef);
    }
    exports.resolveSchema = resolveSchema;
    var PREVENT_SCOPE_CHANGE = /* @__PURE__ */ new Set([
      "properties",
      "patternProperties",
      "enum",
      "dependencies",
      "definitions"
    ]);
    function getJsonPointer(parsedRef, { baseId, schema, root }) {
      var _a;
      if (((_a = parsedRef.fragment) === null || _a === void 0 ? void 0 : _a[0]) !== "/")
        return;
      for (const part of parsedRef.fragment.slice(1).split("/")) {
        if (typeof schema === "boolean")
          return;
        const partSchema = schema[(0, util_1.unescapeFragment)(part)];
        if (partSchema === void 0)
          return;
        schema = partSchema;
        const schId = typeof schema === "object" && schema[this.opts.schemaId];
        if (!PREVENT_SCOPE_CHANGE.has(part) && schId) {
          baseId = (0, resolve_1.resolveUrl)(this.opts.uriResolver, baseId, schId);
        }
      }
      let env;
      if (typeof schema != "boolean" && schema.$ref && !(0, util_1.schemaHasRulesButRef)(schema, this.RULES)) {
        const $ref = (0, resolve_1.resolveUrl)(this.opts.uriResolver, baseId, schema.$ref);
        env = resolveSchema.call(this, root, $ref);
      }
      const { schemaId } = this.opts;
      env = env || new SchemaEnv({ schema, schemaId, root, baseId });
      if (env.schema !== env.root.schema)
        return env;
      return void 0;
    }
  }
});

// node_modules/ajv/dist/refs/data.json
var require_data = __commonJS({
  "node_modules/ajv/dist/refs/data.json"(exports, module) {
    module.exports = {
      $id: "https://raw.githubusercontent.com/ajv-validator/ajv/master/lib/refs/data.json#",
      description: "Meta-schema for $data reference (JSON AnySchema extension proposal)",
      type: "object",
      required: ["$data"],
      properties: {
        $data: {
          type: "string",
          anyOf: [{ format: "relative-json-pointer" }, { format: "json-pointer" }]
        }
      },
      additionalProperties: false
    };
  }
});

// node_modules/fast-uri/lib/utils.js
var require_utils = __commonJS({
  "node_modules/fast-uri/lib/utils.js"(exports, module) {
    "use strict";
    var isUUID = RegExp.prototype.test.bind(/^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/iu);
    var isIPv4 = RegExp.prototype.test.bind(/^(?:(?:25[0-5]|2[0-4]\d|1\d{2}|[1-9]\d|\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d{2}|[1-9]\d|\d)$/u);
    var isPort = RegExp.prototype.test.bind(/^\d*$/u);
    var isHexPair = RegExp.prototype.test.bind(/^[\da-f]{2}$/iu);
    var isUnreserved = RegExp.prototype.test.bind(/^[\da-z\-._~]$/iu);
    var isPathCharacter = RegExp.prototype.test.bind(/^[A-Za-z0-9\-._~!$&'()*+,;=:@/]$/u);
    var isQueryFragmentCharacter = RegExp.prototype.test.bind(/^[A-Za-z0-9\-._~!$&'()*+,;=:@/?]$/u);
    var isUserinfoCharacter = RegExp.prototype.test.bind(/^[A-Za-z0-9\-._~!$&'()*+,;=:]$/u);
    var BYTE_HEX = new Array(256);
    {
      const HEX_DIGITS = "0123456789ABCDEF";
      for (let i = 0; i < 256; i++) {
        BYTE_HEX[i] = "%" + HEX_DIGITS[i >> 4] + HEX_DIGITS[i & 15];
      }
    }
    function percentEncodeNonAscii(cp) {
      if (cp < 2048) {
        return BYTE_HEX[192 | cp >> 6] + BYTE_HEX[128 | cp & 63];
      }
      if (cp < 65536) {
        return BYTE_HEX[224 | cp >> 12] + BYTE_HEX[128 | cp >> 6 & 63] + BYTE_HEX[128 | cp & 63];
      }
      return BYTE_HEX[240 | cp >> 18] + BYTE_HEX[128 | cp >> 12 & 63] + BYTE_HEX[128 | cp >> 6 & 63] + BYTE_HEX[128 | cp & 63];
    }
    function stringArrayToHexStripped(input) {
      let acc = "";
      let code2 = 0;
      let i = 0;
      for (i = 0; i < input.length; i++) {
        code2 = input[i].charCodeAt(0);
        if (code2 === 48) {
          continue;
        }
        if (!(code2 >= 48 && code2 <= 57 || code2 >= 65 && code2 <= 70 || code2 >= 97 && code2 <= 102)) {
          return "";
        }
        acc += input[i];
        break;
      }
      for (i += 1; i < input.length; i++) {
        code2 = input[i].charCodeAt(0);
        if (!(code2 >= 48 && code2 <= 57 || code2 >= 65 && code2 <= 70 || code2 >= 97 && code2 <= 102)) {
          return "";
        }
        acc += input[i];
      }
      return acc;
    }
    var isHextet = RegExp.prototype.test.bind(/^[\dA-Fa-f]{1,4}$/);
    var isIPvFuture = RegExp.prototype.test.bind(/^[vV][\dA-Fa-f]+\.[A-Za-z\d\-._~!$&'()*+,;=:]+$/);
    var isZoneCharacter = RegExp.prototype.test.bind(/^[A-Za-z\d\-._~]$/);
    var nonSimpleDomain = RegExp.prototype.test.bind(/[^!"$&'()*+,\-.;=_`a-z{}~]/u);
    function isZoneIdentifier(zone) {
      if (zone.length === 0) return false;
      for (let i = 0; i < zone.length; i++) {
        if (isZoneCharacter(zone[i])) continue;
        if (zone[i] === "%" && i + 2 < zone.length && isHexPair(zone.slice(i + 1, i + 3))) {
          i += 2;
          continue;
        }
        return false;
      }
      return true;
    }
    function compressIPv6ZeroRun(hextets) {
      let bestStart = -1;
      let bestLength = 0;
      let runStart = -1;
      let runLength = 0;
      for (let i = 0; i < hextets.length; i++) {
        if (hextets[i] === "0") {
          if (runStart === -1) runStart = i;
          runLength++;
          if (runLength > bestLength) {
            bestLength = runLength;
            bestStart = runStart;
          }
        } else {
          runStart = -1;
          runLength = 0;
        }
      }
      if (bestLength < 2) return hextets.join(":");
      const head = hextets.slice(0, bestStart).join(":");
      const tail = hextets.slice(bestStart + bestLength).join(":");
      return head + "::" + tail;
    }
    function normalizeIPv6Address(input) {
      const compression = input.indexOf("::");
      if (compression !== -1 && input.indexOf("::", compression + 1) !== -1) return void 0;
      const left = compression === -1 ? input.split(":") : input.slice(0, compression).split(":");
      const right = compression === -1 ? [] : input.slice(compression + 2).split(":");
      if (compression !== -1) {
        if (left.length === 1 && left[0] === "") left.length = 0;
        if (right.length === 1 && right[0] === "") right.length = 0;
      }
      const parts = left.concat(right);
      let hextetCount = 0;
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i];
        if (part === "") return void 0;
        if (part.indexOf(".") !== -1) {
          if (i !== parts.length - 1 || compression !== -1 && right.length === 0 || !isIPv4(part)) return void 0;
          hextetCount += 2;
          continue;
        }
        if (!isHextet(part)) return void 0;
        parts[i] = parseInt(part, 16).toString(16);
        hextetCount++;
      }
      if (compression === -1) {
        if (hextetCount !== 8) return void 0;
        return compressIPv6ZeroRun(parts);
      }
      if (hextetCount >= 8) return void 0;
      const expanded = parts.slice(0, left.length);
      for (let i = hextetCount; i < 8; i++) expanded.push("0");
      for (let i = left.length; i < parts.length; i++) expanded.push(parts[i]);
      return compressIPv6ZeroRun(expanded);
    }
    function normalizeIPv6(host) {
      const bracketed = host[0] === "[" && host[host.length - 1] === "]";
      const hasBracket = host[0] === "[" || host[host.length - 1] === "]";
      if (hasBracket && !bracketed) return { host, isIPV6: false, error: true };
      let input = bracketed ? host.slice(1, -1) : host;
      if (bracketed && isIPvFuture(input)) {
        input = input.toLowerCase();
        return { host: `[${input}]`, escapedHost: input, isIPV6: false, isIPVFuture: true };
      }
      if (findToken(input, ":") < 2) {
        return { host, isIPV6: false, error: bracketed };
      }
      let zoneIdentifier = "";
      const zoneSeparator = input.indexOf("%");
      if (zoneSeparator !== -1) {
        const separatorLength = input.slice(zoneSeparator, zoneSeparator + 3).toLowerCase() === "%25" ? 3 : 1;
        zoneIdentifier = input.slice(zoneSeparator + separatorLength);
        if (!isZoneIdentifier(zoneIdentifier)) return { host, isIPV6: false, error: true };
        input = input.slice(0, zoneSeparator);
      }
      const address = normalizeIPv6Address(input);
      if (address === void 0) return { host, isIPV6: false, error: true };
      return {
        host: address + (zoneIdentifier ? "%" + zoneIdentifier : ""),
        escapedHost: address + (zoneIdentifier ? "%25" + zoneIdentifier : ""),
        isIPV6: true
      };
    }
    function findToken(str3, token) {
      let ind = 0;
      for (let i = 0; i < str3.length; i++) {
        if (str3[i] === token) ind++;
      }
      return ind;
    }
    function removeDotSegments(path11) {
      let input = path11;
      const output = [];
      let nextSlash = -1;
      let len = 0;
      while (len = input.length) {
        if (len === 1) {
          if (input === ".") {
            break;
          } else if (input === "/") {
            output.push("/");
            break;
          } else {
            output.push(input);
            break;
          }
        } else if (len === 2) {
          if (input[0] === ".") {
            if (input[1] === ".") {
              break;
            } else if (input[1] === "/") {
              input = input.slice(2);
              continue;
            }
          } else if (input[0] === "/") {
            if (input[1] === "." || input[1] === "/") {
              output.push("/");
              break;
            }
          }
        } else if (len === 3) {
          if (input === "/..") {
            if (output.length !== 0) {
              output.pop();
            }
            output.push("/");
            break;
          }
        }
        if (input[0] === ".") {
          if (input[1] === ".") {
            if (input[2] === "/") {
              input = input.slice(3);
              continue;
            }
          } else if (input[1] === "/") {
            input = input.slice(2);
            continue;
          }
        } else if (input[0] === "/") {
          if (input[1] === ".") {
            if (input[2] === "/") {
              input = input.slice(2);
              continue;
            } else if (input[2] === ".") {
              if (input[3] === "/") {
                input = input.slice(3);
                if (output.length !== 0) {
                  output.pop();
                }
                continue;
              }
            }
          }
        }
        if ((nextSlash = input.indexOf("/", 1)) === -1) {
          output.push(input);
          break;
        } else {
          output.push(input.slice(0, nextSlash));
          input = input.slice(nextSlash);
        }
      }
      return output.join("");
    }
    function removeDotSegmentsRelative(path11) {
      if (path11 === "" || path11[0] === "/") {
        return removeDotSegments(path11);
      }
      const segments = path11.split("/");
      const last = segments.length - 1;
      const output = [];
      let trailingDirectory = false;
      for (let i = 0; i <= last; i++) {
        const segment = segments[i];
        if (segment === "." || segment === "..") {
          if (segment === "..") {
            if (output.length !== 0 && output[output.length - 1] !== "..") {
              output.pop();
            } else {
              output.push("..");
            }
          }
          trailingDirectory = i === last;
        } else {
          output.push(segment);
        }
      }
      if (trailingDirectory && output[output.length - 1] !== "..") {
        output.push("");
      }
      if (output.length === 0 || output[0] === "" || output[0].includes(":")) {
        output.unshift(".");
      }
      return output.join("/");
    }
    var HOST_DELIMS = { "@": "%40", "/": "%2F", "?": "%3F", "#": "%23", ":": "%3A" };
    var HOST_DELIM_RE = /[@/?#:]/g;
    var HOST_DELIM_NO_COLON_RE = /[@/?#]/g;
    function reescapeHostDelimiters(host, isIP) {
      const re = isIP ? HOST_DELIM_NO_COLON_RE : HOST_DELIM_RE;
      re.lastIndex = 0;
      return host.replace(re, (ch) => HOST_DELIMS[ch]);
    }
    function normalizePercentEncoding(input, decodeUnreserved = false) {
      if (input.indexOf("%") === -1) {
        return input;
      }
      let output = "";
      for (let i = 0; i < input.length; i++) {
        if (input[i] === "%" && i + 2 < input.length) {
          const hex = input.slice(i + 1, i + 3);
          if (isHexPair(hex)) {
            const normalizedHex = hex.toUpperCase();
            const decoded = String.fromCharCode(parseInt(normalizedHex, 16));
            if (decodeUnreserved && isUnreserved(decoded)) {
              output += decoded;
            } else {
              output += "%" + normalizedHex;
            }
            i += 2;
            continue;
          }
        }
        output += input[i];
      }
      return output;
    }
    function normalizePathEncoding(input) {
      let output = "";
      for (let i = 0; i < input.length; i++) {
        const ch = input[i];
        if (ch === "%" && i + 2 < input.length) {
          const hex = input.slice(i + 1, i + 3);
          if (isHexPair(hex)) {
            const normalizedHex = hex.toUpperCase();
            const decoded = String.fromCharCode(parseInt(normalizedHex, 16));
            if (decoded !== "." && isUnreserved(decoded)) {
              output += decoded;
            } else {
              output += "%" + normalizedHex;
            }
            i += 2;
            continue;
          }
        }
        if (isPathCharacter(ch)) {
          output += ch;
        } else {
          const code2 = input.charCodeAt(i);
          if (code2 < 128) {
            output += isEscapeSafe(code2) ? ch : BYTE_HEX[code2];
          } else if (code2 < 55296 || code2 > 57343) {
            output += percentEncodeNonAscii(code2);
          } else if (code2 <= 56319 && i + 1 < input.length) {
            const low = input.charCodeAt(i + 1);
            if (low >= 56320 && low <= 57343) {
              output += percentEncodeNonAscii(65536 + (code2 - 55296 << 10) + (low - 56320));
              i++;
            } else {
              output += percentEncodeNonAscii(65533);
            }
          } else {
            output += percentEncodeNonAscii(65533);
          }
        }
      }
      return output;
    }
    function serializePathEncoding(input, pathNoScheme = false) {
      let output = "";
      let firstSegment = pathNoScheme && input[0] !== "/";
      for (let i = 0; i < input.length; i++) {
        const ch = input[i];
        if (ch === "%" && i + 2 < input.length) {
          const hex = input.slice(i + 1, i + 3);
          if (isHexPair(hex)) {
            output += "%" + hex.toUpperCase();
            i += 2;
            continue;
          }
        }
        if (ch === "/") {
          firstSegment = false;
        }
        if (isPathCharacter(ch) && (ch !== ":" || !firstSegment)) {
          output += ch;
        } else {
          const code2 = input.charCodeAt(i);
          if (code2 < 128) {
            output += BYTE_HEX[code2];
          } else if (code2 < 55296 || code2 > 57343) {
            output += percentEncodeNonAscii(code2);
          } else if (code2 <= 56319 && i + 1 < input.length) {
            const low = input.charCodeAt(i + 1);
            if (low >= 56320 && low <= 57343) {
              output += percentEncodeNonAscii(65536 + (code2 - 55296 << 10) + (low - 56320));
              i++;
            } else {
              output += percentEncodeNonAscii(65533);
            }
          } else {
            output += percentEncodeNonAscii(65533);
          }
        }
      }
      return output;
    }
    function encodeComponent(input, isAllowed) {
      let output = "";
      for (let i = 0; i < input.length; i++) {
        const ch = input[i];
        if (ch === "%" && i + 2 < input.length) {
          const hex = input.slice(i + 1, i + 3);
          if (isHexPair(hex)) {
            output += "%" + hex.toUpperCase();
            i += 2;
            continue;
          }
        }
        if (isAllowed(ch)) {
          output += ch;
        } else {
          const code2 = input.charCodeAt(i);
          if (code2 < 128) {
            output += BYTE_HEX[code2];
          } else if (code2 < 55296 || code2 > 57343) {
            output += percentEncodeNonAscii(code2);
          } else if (code2 <= 56319 && i + 1 < input.length) {
            const low = input.charCodeAt(i + 1);
            if (low >= 56320 && low <= 57343) {
              output += percentEncodeNonAscii(65536 + (code2 - 55296 << 10) + (low - 56320));
              i++;
            } else {
              output += percentEncodeNonAscii(65533);
            }
          } else {
            output += percentEncodeNonAscii(65533);
          }
        }
      }
      return output;
    }
    function encodeUserinfo(input) {
      return encodeComponent(input, isUserinfoCharacter);
    }
    function encodeQuery(input) {
      return encodeComponent(input, isQueryFragmentCharacter);
    }
    function encodeFragment(input) {
      return encodeComponent(input, isQueryFragmentCharacter);
    }
    function isEscapeSafe(cp) {
      return cp >= 48 && cp <= 57 || cp >= 65 && cp <= 90 || cp >= 97 && cp <= 122 || cp === 42 || cp === 43 || cp === 45 || cp === 46 || cp === 47 || cp === 64 || cp === 95;
    }
    function normalizeQueryFragmentEncoding(input) {
      let output = "";
      for (let i = 0; i < input.length; i++) {
        const ch = input[i];
        if (ch === "%" && i + 2 < input.length) {
          const hex = input.slice(i + 1, i + 3);
          if (isHexPair(hex)) {
            const normalizedHex = hex.toUpperCase();
            const decoded = String.fromCharCode(parseInt(normalizedHex, 16));
            if (isUnreserved(decoded)) {
              output += decoded;
            } else {
              output += "%" + normalizedHex;
            }
            i += 2;
            continue;
          }
        }
        if (isQueryFragmentCharacter(ch)) {
          output += ch;
        } else {
          const code2 = input.charCodeAt(i);
          if (code2 < 128) {
            output += isEscapeSafe(code2) ? ch : BYTE_HEX[code2];
          } else if (code2 < 55296 || code2 > 57343) {
            output += percentEncodeNonAscii(code2);
          } else if (code2 <= 56319 && i + 1 < input.length) {
            const low = input.charCodeAt(i + 1);
            if (low >= 56320 && low <= 57343) {
              output += percentEncodeNonAscii(65536 + (code2 - 55296 << 10) + (low - 56320));
              i++;
            } else {
              output += percentEncodeNonAscii(65533);
            }
          } else {
            output += percentEncodeNonAscii(65533);
          }
        }
      }
      return output;
    }
    function escapePreservingEscapes(input) {
      let output = "";
      for (let i = 0; i < input.length; i++) {
        if (input[i] === "%" && i + 2 < input.length) {
          const hex = input.slice(i + 1, i + 3);
          if (isHexPair(hex)) {
            output += "%" + hex.toUpperCase();
            i += 2;
            continue;
          }
        }
        output += escape(input[i]);
      }
      return output;
    }
    function recomposeAuthority(component) {
      const uriTokens = [];
      if (component.userinfo !== void 0) {
        uriTokens.push(encodeUserinfo(component.userinfo));
        uriTokens.push("@");
      }
      if (component.host !== void 0) {
        let host = component.host;
        if (!isIPv4(host)) {
          let ipV6res = normalizeIPv6(host);
          if (ipV6res.isIPV6 !== true && ipV6res.isIPVFuture !== true) {
            host = normalizePercentEncoding(host, true);
            ipV6res = normalizeIPv6(host);
          }
          if (ipV6res.isIPV6 === true || ipV6res.isIPVFuture === true) {
            host = `[${ipV6res.escapedHost}]`;
          } else {
            host = reescapeHostDelimiters(host, false);
          }
        }
        uriTokens.push(host);
      }
      if (typeof component.port === "number" || typeof component.port === "string") {
        const port = String(component.port);
        if (!isPort(port)) {
          throw new TypeError("URI port is malformed.");
        }
        uriTokens.push(":");
        uriTokens.push(port);
      }
      return uriTokens.length ? uriTokens.join("") : void 0;
    }
    module.exports = {
      nonSimpleDomain,
      recomposeAuthority,
      reescapeHostDelimiters,
      normalizePercentEncoding,
      normalizePathEncoding,
      serializePathEncoding,
      normalizeQueryFragmentEncoding,
      encodeUserinfo,
      encodeQuery,
      encodeFragment,
      escapePreservingEscapes,
      removeDotSegments,
      removeDotSegmentsRelative,
      isIPv4,
      isUUID,
      normalizeIPv6,
      stringArrayToHexStripped
    };
  }
});

// node_modules/fast-uri/lib/schemes.js
var require_schemes = __commonJS({
  "node_modules/fast-uri/lib/schemes.js"(exports, module) {
    "use strict";
    var { isUUID } = require_utils();
    var URN_REG = /^([\da-z][\d\-a-z]{0,31}):((?:[\w!$'()*+,\-./:;=@]|%[\da-f]{2})+)$/iu;
    var supportedSchemeNames = (
      /** @type {const} */
      [
        "http",
        "https",
        "ws",
        "wss",
        "urn",
        "urn:uuid"
      ]
    );
    function isValidSchemeName(name) {
      return supportedSchemeNames.indexOf(
        /** @type {*} */
        name
      ) !== -1;
    }
    function wsIsSecure(wsComponent) {
      if (wsComponent.secure === true) {
        return true;
      } else if (wsComponent.secure === false) {
        return false;
      } else if (wsComponent.scheme) {
        return wsComponent.scheme.length === 3 && (wsComponent.scheme[0] === "w" || wsComponent.scheme[0] === "W") && (wsComponent.scheme[1] === "s" || wsComponent.scheme[1] === "S") && (wsComponent.scheme[2] === "s" || wsComponent.scheme[2] === "S");
      } else {
        return false;
      }
    }
    function httpParse(component) {
      if (!component.host) {
        component.error = component.error || "HTTP URIs must have a host.";
      }
      return component;
    }
    function httpSerialize(component) {
      const secure = String(component.scheme).toLowerCase() === "https";
      if (component.port === (secure ? 443 : 80) || component.port === "") {
        component.port = void 0;
      }
      if (!component.path) {
        component.path = "/";
      }
      return component;
    }
    function wsParse(wsComponent) {
      wsComponent.secure = wsIsSecure(wsComponent);
      wsComponent.resourceName = (wsComponent.path || "/") + (wsComponent.query ? "?" + wsComponent.query : "");
      wsComponent.path = void 0;
      wsComponent.query = void 0;
      return wsComponent;
    }
    function wsSerialize(wsComponent) {
      if (wsComponent.port === (wsIsSecure(wsComponent) ? 443 : 80) || wsComponent.port === "") {
        wsComponent.port = void 0;
      }
      if (typeof wsComponent.secure === "boolean") {
        wsComponent.scheme = wsComponent.secure ? "wss" : "ws";
        wsComponent.secure = void 0;
      }
      if (wsComponent.resourceName) {
        const queryIndex = wsComponent.resourceName.indexOf("?");
        const path11 = queryIndex === -1 ? wsComponent.resourceName : wsComponent.resourceName.slice(0, queryIndex);
        wsComponent.path = path11 && path11 !== "/" ? path11 : void 0;
        wsComponent.query = queryIndex === -1 ? void 0 : wsComponent.resourceName.slice(queryIndex + 1);
        wsComponent.resourceName = void 0;
      }
      wsComponent.fragment = void 0;
      return wsComponent;
    }
    function urnParse(urnComponent, options) {
      if (!urnComponent.path) {
        urnComponent.error = "URN can not be parsed";
        return urnComponent;
      }
      const matches = urnComponent.path.match(URN_REG);
      if (matches && matches[0] === urnComponent.path) {
        const scheme = options.scheme || urnComponent.scheme || "urn";
        urnComponent.nid = matches[1].toLowerCase();
        urnComponent.nss = matches[2];
        const urnScheme = `${scheme}:${options.nid || urnComponent.nid}`;
        const schemeHandler = getSchemeHandler(urnScheme);
        urnComponent.path = void 0;
        if (schemeHandler) {
          urnComponent = schemeHandler.parse(urnComponent, options);
        }
      } else {
        urnComponent.error = urnComponent.error || "URN can not be parsed.";
      }
      return urnComponent;
    }
    function urnSerialize(urnComponent, options) {
      if (urnComponent.nid === void 0) {
        throw new Error("URN without nid cannot be serialized");
      }
      const scheme = options.scheme || urnComponent.scheme || "urn";
      const nid = urnComponent.nid.toLowerCase();
      const urnScheme = `${scheme}:${options.nid || nid}`;
      const schemeHandler = getSchemeHandler(urnScheme);
      if (schemeHandler) {
        urnComponent = schemeHandler.serialize(urnComponent, options);
      }
      const uriComponent = urnComponent;
      const nss = urnComponent.nss;
      uriComponent.path = `${nid || options.nid}:${nss}`;
      options.skipEscape = true;
      return uriComponent;
    }
    function urnuuidParse(urnComponent, options) {
      const uuidComponent = urnComponent;
      uuidComponent.uuid = uuidComponent.nss;
      uuidComponent.nss = void 0;
      if (!options.tolerant && (!uuidComponent.uuid || !isUUID(uuidComponent.uuid))) {
        uuidComponent.error = uuidComponent.error || "UUID is not valid.";
      }
      return uuidComponent;
    }
    function urnuuidSerialize(uuidComponent) {
      const urnComponent = uuidComponent;
      urnComponent.nss = (uuidComponent.uuid || "").toLowerCase();
      return urnComponent;
    }
    var http = (
      /** @type {SchemeHandler} */
      {
        scheme: "http",
        domainHost: true,
        parse: httpParse,
        serialize: httpSerialize
      }
    );
    var https = (
      /** @type {SchemeHandler} */
      {
        scheme: "https",
        domainHost: http.domainHost,
        parse: httpParse,
        serialize: httpSerialize
      }
    );
    var ws = (
      /** @type {SchemeHandler} */
      {
        scheme: "ws",
        domainHost: true,
        parse: wsParse,
        serialize: wsSerialize
      }
    );
    var wss = (
      /** @type {SchemeHandler} */
      {
        scheme: "wss",
        domainHost: ws.domainHost,
        parse: ws.parse,
        serialize: ws.serialize
      }
    );
    var urn = (
      /** @type {SchemeHandler} */
      {
        scheme: "urn",
        parse: urnParse,
        serialize: urnSerialize,
        skipNormalize: true
      }
    );
    var urnuuid = (
      /** @type {SchemeHandler} */
      {
        scheme: "urn:uuid",
        parse: urnuuidParse,
        serialize: urnuuidSerialize,
        skipNormalize: true
      }
    );
    var SCHEMES = (
      /** @type {Record<SchemeName, SchemeHandler>} */
      {
        http,
        https,
        ws,
        wss,
        urn,
        "urn:uuid": urnuuid
      }
    );
    Object.setPrototypeOf(SCHEMES, null);
    function getSchemeHandler(scheme) {
      return scheme && (SCHEMES[
        /** @type {SchemeName} */
        scheme
      ] || SCHEMES[
        /** @type {SchemeName} */
        scheme.toLowerCase()
      ]) || void 0;
    }
    module.exports = {
      wsIsSecure,
      SCHEMES,
      isValidSchemeName,
      getSchemeHandler
    };
  }
});

// node_modules/fast-uri/index.js
var require_fast_uri = __commonJS({
  "node_modules/fast-uri/index.js"(exports, module) {
    "use strict";
    var { normalizeIPv6, removeDotSegments, removeDotSegmentsRelative, recomposeAuthority, normalizePercentEncoding, normalizePathEncoding, serializePathEncoding, normalizeQueryFragmentEncoding, encodeQuery, encodeFragment, reescapeHostDelimiters, isIPv4, nonSimpleDomain } = require_utils();
    var { SCHEMES, getSchemeHandler } = require_schemes();
    var VALID_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/u;
    var MALFORMED_SCHEME_ERROR = "URI scheme is malformed.";
    var MALFORMED_HOST_ERROR = "URI host is malformed.";
    var FORBIDDEN_DOMAIN_HOST_CHARACTER = /[\0-\x20"#/:<>?@[\\\]^`{|}\x7F]/u;
    function validateScheme(scheme) {
      const stringScheme = String(scheme);
      if (!VALID_SCHEME.test(stringScheme)) {
        throw new TypeError(MALFORMED_SCHEME_ERROR);
      }
      return stringScheme;
    }
    function normalize(uri, options) {
      if (typeof uri === "string") {
        uri = /** @type {T} */
        normalizeString(uri, options);
      } else if (typeof uri === "object") {
        uri = /** @type {T} */
        parse(serialize(uri, options), options);
      }
      return uri;
    }
    function resolve(baseURI, relativeURI, options) {
      const schemelessOptions = options ? Object.assign({ scheme: "null" }, options) : { scheme: "null" };
      const {
        parsed: baseParsed,
        malformedAuthorityOrPort: baseMalformed,
        malformedPercentEncoding: baseMalformedPercentEncoding,
        malformedSchemeSpecific: baseMalformedSchemeSpecific,
        malformedHost: baseMalformedHost,
        malformedScheme: baseMalformedScheme
      } = parseWithStatus(baseURI, schemelessOptions);
      const {
        parsed: relativeParsed,
        malformedAuthorityOrPort: relativeMalformed,
        malformedPercentEncoding: relativeMalformedPercentEncoding,
        malformedSchemeSpecific: relativeMalformedSchemeSpecific,
        malformedHost: relativeMalformedHost,
        malformedScheme: relativeMalformedScheme
      } = parseWithStatus(relativeURI, schemelessOptions);
      if (baseMalformed || relativeMalformed || baseMalformedPercentEncoding || relativeMalformedPercentEncoding || baseMalformedSchemeSpecific || relativeMalformedSchemeSpecific || baseMalformedHost || relativeMalformedHost || baseMalformedScheme || relativeMalformedScheme) {
        throw new Error(baseParsed.error || relativeParsed.error || "URI is malformed.");
      }
      const resolved = resolveComponent(baseParsed, relativeParsed, schemelessOptions, true);
      const resolvedSchemeHandler = getSchemeHandler(options && options.scheme || resolved.scheme);
      const resolvedHost = resolved.host;
      const resolvedHostIsIP = resolvedHost !== void 0 && resolvedHost !== "" && (isIPv4(resolvedHost) || normalizeIPv6(resolvedHost).isIPV6);
      if (hasForbiddenDomainHost(resolved, options || {}, resolvedSchemeHandler, resolvedHostIsIP)) {
        throw new Error(MALFORMED_HOST_ERROR);
      }
      canonicalizeHost(resolved, options || {}, resolvedSchemeHandler, resolvedHostIsIP);
      const encodedASCIIHost = resolvedHost && resolvedHost.indexOf("%") !== -1 && !new RegExp("\\P{ASCII}", "u").test(resolvedHost);
      if (resolved.error && !encodedASCIIHost) {
        throw new Error(resolved.error);
      }
      schemelessOptions.skipEscape = true;
      return serialize(resolved, schemelessOptions);
    }
    function resolveComponent(base, relative, options, skipNormalization) {
      const target = {};
      if (!skipNormalization) {
        base = parse(serialize(base, options), options);
        relative = parse(serialize(relative, options), options);
      }
      options = options || {};
      if (!options.tolerant && relative.scheme) {
        target.scheme = relative.scheme;
        target.userinfo = relative.userinfo;
        target.host = relative.host;
        target.port = relative.port;
        target.path = removeDotSegments(relative.path || "");
        target.query = relative.query;
      } else {
        if (relative.userinfo !== void 0 || relative.host !== void 0 || relative.port !== void 0) {
          target.userinfo = relative.userinfo;
          target.host = relative.host;
          target.port = relative.port;
          target.path = removeDotSegments(relative.path || "");
          target.query = relative.query;
        } else {
          if (!relative.path) {
            target.path = base.path;
            if (relative.query !== void 0) {
              target.query = relative.query;
            } else {
              target.query = base.query;
            }
          } else {
            if (relative.path[0] === "/") {
              target.path = removeDotSegments(relative.path);
            } else {
              const baseHasAuthority = base.userinfo !== void 0 || base.host !== void 0 || base.port !== void 0;
              if (baseHasAuthority && !base.path) {
                target.path = "/" + relative.path;
              } else if (!base.path) {
                target.path = relative.path;
              } else {
                target.path = base.path.slice(0, base.path.lastIndexOf("/") + 1) + relative.path;
              }
              target.path = base.scheme === void 0 && !baseHasAuthority && target.path[0] !== "/" ? removeDotSegmentsRelative(target.path) : removeDotSegments(target.path);
            }
            target.query = relative.query;
          }
          target.userinfo = base.userinfo;
          target.host = base.host;
          target.port = base.port;
        }
        target.scheme = base.scheme;
      }
      target.fragment = relative.fragment;
      return target;
    }
    function equal(uriA, uriB, options) {
      const normalizedA = normalizeComparableURI(uriA, options);
      const normalizedB = normalizeComparableURI(uriB, options);
      return normalizedA !== void 0 && normalizedB !== void 0 && normalizedA === normalizedB;
    }
    function serialize(cmpts, opts) {
      const component = {
        host: cmpts.host,
        scheme: cmpts.scheme,
        userinfo: cmpts.userinfo,
        port: cmpts.port,
        path: cmpts.path,
        query: cmpts.query,
        nid: cmpts.nid,
        nss: cmpts.nss,
        uuid: cmpts.uuid,
        fragment: cmpts.fragment,
        reference: cmpts.reference,
        resourceName: cmpts.resourceName,
        secure: cmpts.secure,
        error: ""
      };
      const options = Object.assign({}, opts);
      const uriTokens = [];
      if (component.scheme) {
        component.scheme = validateScheme(component.scheme);
      }
      const schemeHandler = getSchemeHandler(options.scheme || component.scheme);
      if (schemeHandler && schemeHandler.serialize) schemeHandler.serialize(component, options);
      const hasAuthority = component.userinfo !== void 0 || component.host !== void 0 || component.port !== void 0;
      const schemelessReference = (component.scheme === void 0 || options.reference === "suffix") && !hasAuthority;
      const pathNoScheme = !options.skipEscape && schemelessReference;
      if (component.path !== void 0) {
        if (!options.skipEscape) {
          component.path = serializePathEncoding(component.path, pathNoScheme);
        } else {
          component.path = normalizePercentEncoding(component.path);
        }
      }
      if (options.reference !== "suffix" && component.scheme) {
        component.scheme = validateScheme(component.scheme);
        uriTokens.push(component.scheme, ":");
      }
      const authority = recomposeAuthority(component);
      if (authority !== void 0) {
        if (options.reference !== "suffix") {
          uriTokens.push("//");
        }
        uriTokens.push(authority);
        if (component.path && component.path[0] !== "/") {
          uriTokens.push("/");
        }
      }
      if (component.path !== void 0) {
        let s = component.path;
        if (!options.absolutePath && (!schemeHandler || !schemeHandler.absolutePath)) {
          s = schemelessReference && s[0] !== "/" ? removeDotSegmentsRelative(s) : removeDotSegments(s);
        }
        if (schemelessReference) {
          s = serializePathEncoding(s, true);
        }
        if (authority === void 0 && s[0] === "/" && s[1] === "/") {
          s = "/%2F" + s.slice(2);
        }
        uriTokens.push(s);
      }
      if (component.query !== void 0) {
        uriTokens.push("?", encodeQuery(component.query));
      }
      if (component.fragment !== void 0) {
        uriTokens.push("#", encodeFragment(component.fragment));
      }
      return uriTokens.join("");
    }
    var URI_PARSE = /^(?:([^#/:?]+):)?(?:\/\/((?:([^#/?@]*)@)?(\[[^#/?\]]+\]|[^#/:?]*)(?::(\d*))?))?([^#?]*)(?:\?([^#]*))?(?:#((?:.|[\n\r])*))?/u;
    var AUTHORITY_PREFIX = /^(?:[^#/:?]+:)?\/\/([^/?#]*)/;
    var AUTHORITY_INTRODUCER_REGION = /^(?:[^#/:?]+:)?([/\\\t\n\r]*)/;
    function getParseError(parsed, matches) {
      if (matches[2] !== void 0 && parsed.path && parsed.path[0] !== "/") {
        return 'URI path must start with "/" when authority is present.';
      }
      if (typeof parsed.port === "number" && (parsed.port < 0 || parsed.port > 65535)) {
        return "URI port is malformed.";
      }
      return void 0;
    }
    function hasMalformedPercentEncoding(component) {
      if (component === void 0) return false;
      let percent2 = component.indexOf("%");
      while (percent2 !== -1) {
        if (percent2 + 2 >= component.length || !/^[\da-f]{2}$/iu.test(component.slice(percent2 + 1, percent2 + 3))) {
          return true;
        }
        percent2 = component.indexOf("%", percent2 + 3);
      }
      return false;
    }
    function isIPLiteral(host) {
      return host[0] === "[" && host[host.length - 1] === "]";
    }
    function hasMalformedComponentPercentEncoding(matches) {
      const host = matches[4];
      return hasMalformedPercentEncoding(matches[3]) || host !== void 0 && !isIPLiteral(host) && hasMalformedPercentEncoding(host) || hasMalformedPercentEncoding(matches[6]) || hasMalformedPercentEncoding(matches[7]) || hasMalformedPercentEncoding(matches[8]);
    }
    function canonicalizeHost(parsed, options, schemeHandler, isIP) {
      if (hasForbiddenDomainHost(parsed, options, schemeHandler, isIP)) {
        parsed.error = parsed.error || MALFORMED_HOST_ERROR;
        return true;
      }
      if (!options.unicodeSupport && (!schemeHandler || !schemeHandler.unicodeSupport) && parsed.host && !isIPLiteral(parsed.host) && (options.domainHost || schemeHandler && schemeHandler.domainHost) && isIP === false && nonSimpleDomain(parsed.host)) {
        let url;
        try {
          url = new URL("http://" + parsed.host);
        } catch (e) {
          parsed.error = parsed.error || "Host's domain name can not be converted to ASCII: " + e;
          return true;
        }
        if (!isHostOnlyURL(url)) {
          parsed.error = parsed.error || MALFORMED_HOST_ERROR;
          return true;
        }
        parsed.host = url.hostname;
      }
      return false;
    }
    function hasForbiddenDomainHost(parsed, options, schemeHandler, isIP) {
      return Boolean(
        parsed.host && isIP === false && !isIPLiteral(parsed.host) && (options.domainHost || schemeHandler && schemeHandler.domainHost) && FORBIDDEN_DOMAIN_HOST_CHARACTER.test(parsed.host)
      );
    }
    function isHostOnlyURL(url) {
      return url.username === "" && url.password === "" && url.port === "" && url.pathname === "/" && url.search === "" && url.hash === "" && url.hostname !== "";
    }
    function parseWithStatus(uri, opts) {
      const options = Object.assign({}, opts);
      const parsed = {
        scheme: void 0,
        userinfo: void 0,
        host: "",
        port: void 0,
        path: "",
        query: void 0,
        fragment: void 0
      };
      let malformedAuthorityOrPort = false;
      let malformedPercentEncoding = false;
      let malformedSchemeSpecific = false;
      let malformedHost = false;
      let malformedIPLiteral = false;
      let malformedScheme = false;
      let isIP = false;
      if (options.reference === "suffix") {
        if (options.scheme) {
          uri = options.scheme + ":" + uri;
        } else {
          uri = "//" + uri;
        }
      }
      const authorityMatch = uri.match(AUTHORITY_PREFIX);
      if (authorityMatch !== null && authorityMatch[1].indexOf("\\") !== -1) {
        parsed.error = "URI authority must not contain a literal backslash.";
        malformedAuthorityOrPort = true;
      }
      const introducerMatch = uri.match(AUTHORITY_INTRODUCER_REGION);
      if (introducerMatch !== null) {
        const region = introducerMatch[1];
        const normalizedRegion = region.replace(/[\t\n\r]/g, "");
        if (normalizedRegion.length >= 2) {
          if (normalizedRegion.slice(0, 2) !== "//") {
            parsed.error = parsed.error || "URI authority must not contain a literal backslash.";
            malformedAuthorityOrPort = true;
          } else if (region.length !== normalizedRegion.length) {
            parsed.error = parsed.error || "URI authority introducer must not contain whitespace.";
            malformedAuthorityOrPort = true;
          }
        }
      }
      const matches = uri.match(URI_PARSE);
      if (matches) {
        parsed.scheme = matches[1];
        parsed.userinfo = matches[3];
        parsed.host = matches[4];
        parsed.port = parseInt(matches[5], 10);
        parsed.path = matches[6] || "";
        parsed.query = matches[7];
        parsed.fragment = matches[8];
        if (parsed.scheme !== void 0) {
          if (VALID_SCHEME.test(parsed.scheme)) {
            parsed.scheme = parsed.scheme.toLowerCase();
          } else {
            parsed.error = parsed.error || MALFORMED_SCHEME_ERROR;
            malformedScheme = true;
          }
        }
        malformedPercentEncoding = hasMalformedComponentPercentEncoding(matches);
        if (malformedPercentEncoding) {
          parsed.error = parsed.error || "URI contains malformed percent-encoding.";
        }
        if (isNaN(parsed.port)) {
          parsed.port = matches[5];
        }
        const parseError = getParseError(parsed, matches);
        if (parseError !== void 0) {
          parsed.error = parsed.error || parseError;
          malformedAuthorityOrPort = true;
        }
        if (parsed.host) {
          const ipv4result = isIPv4(parsed.host);
          if (ipv4result === false) {
            const bracketedIPLiteral = isIPLiteral(parsed.host);
            const hasIPLiteralBracket = parsed.host.indexOf("[") !== -1 || parsed.host.indexOf("]") !== -1;
            const ipv6result = normalizeIPv6(parsed.host);
            isIP = ipv6result.isIPV6 || ipv6result.isIPVFuture === true;
            malformedIPLiteral = hasIPLiteralBracket && (!bracketedIPLiteral || ipv6result.error === true);
            parsed.host = isIP ? ipv6result.host : ipv6result.host.toLowerCase();
            if (malformedIPLiteral) {
              parsed.error = parsed.error || MALFORMED_HOST_ERROR;
              malformedAuthorityOrPort = true;
            }
          } else {
            isIP = true;
          }
        }
        if (parsed.scheme === void 0 && parsed.userinfo === void 0 && parsed.host === void 0 && parsed.port === void 0 && parsed.query === void 0 && !parsed.path) {
          parsed.reference = "same-document";
        } else if (parsed.scheme === void 0) {
          parsed.reference = "relative";
        } else if (parsed.fragment === void 0) {
          parsed.reference = "absolute";
        } else {
          parsed.reference = "uri";
        }
        if (options.reference && options.reference !== "suffix" && options.reference !== parsed.reference) {
          parsed.error = parsed.error || "URI is not a " + options.reference + " reference.";
        }
        const schemeHandler = getSchemeHandler(options.scheme || parsed.scheme);
        if (!malformedIPLiteral) {
          malformedHost = canonicalizeHost(parsed, options, schemeHandler, isIP);
        }
        if (uri.indexOf("%") !== -1 && parsed.host !== void 0 && !malformedIPLiteral) {
          let host = isIP ? parsed.host : normalizePercentEncoding(parsed.host, true);
          if (!isIP) {
            host = normalizePercentEncoding(host.toLowerCase());
          }
          parsed.host = isIP || options.scheme !== "null" ? reescapeHostDelimiters(host, isIP) : host;
        }
        if (!schemeHandler || schemeHandler && !schemeHandler.skipNormalize) {
          if (parsed.path) {
            parsed.path = normalizePathEncoding(parsed.path);
          }
          if (parsed.query) {
            parsed.query = normalizeQueryFragmentEncoding(parsed.query);
          }
          if (parsed.fragment) {
            parsed.fragment = normalizeQueryFragmentEncoding(parsed.fragment);
          }
        }
        if (schemeHandler && schemeHandler.parse) {
          schemeHandler.parse(parsed, options);
          if (schemeHandler === SCHEMES.urn && parsed.nid === void 0) {
            malformedSchemeSpecific = true;
          }
        }
      } else {
        parsed.error = parsed.error || "URI can not be parsed.";
      }
      return { parsed, malformedAuthorityOrPort, malformedPercentEncoding, malformedSchemeSpecific, malformedHost, malformedScheme };
    }
    function parse(uri, opts) {
      return parseWithStatus(uri, opts).parsed;
    }
    function normalizeString(uri, opts) {
      return normalizeStringWithStatus(uri, opts).normalized;
    }
    function normalizeStringWithStatus(uri, opts) {
      const { parsed, malformedAuthorityOrPort, malformedPercentEncoding, malformedSchemeSpecific, malformedHost, malformedScheme } = parseWithStatus(uri, opts);
      return {
        normalized: malformedAuthorityOrPort || malformedPercentEncoding || malformedSchemeSpecific || malformedHost || malformedScheme ? uri : serialize(parsed, opts),
        malformedAuthorityOrPort,
        malformedPercentEncoding,
        malformedSchemeSpecific,
        malformedHost,
        malformedScheme
      };
    }
    function normalizeComparableURI(uri, opts) {
      if (typeof uri !== "string" && typeof uri !== "object") {
        return void 0;
      }
      let value;
      try {
        value = typeof uri === "string" ? uri : serialize(uri, opts);
      } catch {
        return void 0;
      }
      const { normalized, malformedAuthorityOrPort, malformedPercentEncoding, malformedSchemeSpecific, malformedHost, malformedScheme } = normalizeStringWithStatus(value, opts);
      return malformedAuthorityOrPort || malformedPercentEncoding || malformedSchemeSpecific || malformedHost || malformedScheme ? void 0 : normalized;
    }
    var fastUri = {
      SCHEMES,
      normalize,
      resolve,
      resolveComponent,
      equal,
      serialize,
      parse
    };
    module.exports = fastUri;
    module.exports.default = fastUri;
    module.exports.fastUri = fastUri;
  }
});

// node_modules/ajv/dist/runtime/uri.js
var require_uri = __commonJS({
  "node_modules/ajv/dist/runtime/uri.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var uri = require_fast_uri();
    uri.code = 'require("ajv/dist/runtime/uri").default';
    exports.default = uri;
  }
});

// node_modules/ajv/dist/core.js
var require_core = __commonJS({
  "node_modules/ajv/dist/core.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.CodeGen = exports.Name = exports.nil = exports.stringify = exports.str = exports._ = exports.KeywordCxt = void 0;
    var validate_1 = require_validate();
    Object.defineProperty(exports, "KeywordCxt", { enumerable: true, get: function() {
      return validate_1.KeywordCxt;
    } });
    var codegen_1 = require_codegen();
    Object.defineProperty(exports, "_", { enumerable: true, get: function() {
      return codegen_1._;
    } });
    Object.defineProperty(exports, "str", { enumerable: true, get: function() {
      return codegen_1.str;
    } });
    Object.defineProperty(exports, "stringify", { enumerable: true, get: function() {
      return codegen_1.stringify;
    } });
    Object.defineProperty(exports, "nil", { enumerable: true, get: function() {
      return codegen_1.nil;
    } });
    Object.defineProperty(exports, "Name", { enumerable: true, get: function() {
      return codegen_1.Name;
    } });
    Object.defineProperty(exports, "CodeGen", { enumerable: true, get: function() {
      return codegen_1.CodeGen;
    } });
    var validation_error_1 = require_validation_error();
    var ref_error_1 = require_ref_error();
    var rules_1 = require_rules();
    var compile_1 = require_compile();
    var codegen_2 = require_codegen();
    var resolve_1 = require_resolve();
    var dataType_1 = require_dataType();
    var util_1 = require_util();
    var $dataRefSchema = require_data();
    var uri_1 = require_uri();
    var defaultRegExp = (str3, flags) => new RegExp(str3, flags);
    defaultRegExp.code = "new RegExp";
    var META_IGNORE_OPTIONS = ["removeAdditional", "useDefaults", "coerceTypes"];
    var EXT_SCOPE_NAMES = /* @__PURE__ */ new Set([
      "validate",
      "serialize",
      "parse",
      "wrapper",
      "root",
      "schema",
      "keyword",
      "pattern",
      "formats",
      "validate$data",
      "func",
      "obj",
      "Error"
    ]);
    var removedOptions = {
      errorDataPath: "",
      format: "`validateFormats: false` can be used instead.",
      nullable: '"nullable" keyword is supported by default.',
      jsonPointers: "Deprecated jsPropertySyntax can be used instead.",
      extendRefs: "Deprecated ignoreKeywordsWithRef can be used instead.",
      missingRefs: "Pass empty schema with $id that should be ignored to ajv.addSchema.",
      processCode: "Use option `code: {process: (code, schemaEnv: object) => string}`",
      sourceCode: "Use option `code: {source: true}`",
      strictDefaults: "It is default now, see option `strict`.",
      strictKeywords: "It is default now, see option `strict`.",
      uniqueItems: '"uniqueItems" keyword is always validated.',
      unknownFormats: "Disable strict mode or pass `true` to `ajv.addFormat` (or `formats` option).",
      cache: "Map is used as cache, schema object as key.",
      serialize: "Map is used as cache, schema object as key.",
      ajvErrors: "It is default now."
    };
    var deprecatedOptions = {
      ignoreKeywordsWithRef: "",
      jsPropertySyntax: "",
      unicode: '"minLength"/"maxLength" account for unicode characters by default.'
    };
    var MAX_EXPRESSION = 200;
    function requiredOptions(o) {
      var _a, _b, _c, _d, _e, _f, _g, _h, _j, _k, _l, _m, _o, _p, _q, _r, _s, _t, _u, _v, _w, _x, _y, _z, _0;
      const s = o.strict;
      const _optz = (_a = o.code) === null || _a === void 0 ? void 0 : _a.optimize;
      const optimize = _optz === true || _optz === void 0 ? 1 : _optz || 0;
      const regExp = (_c = (_b = o.code) === null || _b === void 0 ? void 0 : _b.regExp) !== null && _c !== void 0 ? _c : defaultRegExp;
      const uriResolver = (_d = o.uriResolver) !== null && _d !== void 0 ? _d : uri_1.default;
      return {
        strictSchema: (_f = (_e = o.strictSchema) !== null && _e !== void 0 ? _e : s) !== null && _f !== void 0 ? _f : true,
        strictNumbers: (_h = (_g = o.strictNumbers) !== null && _g !== void 0 ? _g : s) !== null && _h !== void 0 ? _h : true,
        strictTypes: (_k = (_j = o.strictTypes) !== null && _j !== void 0 ? _j : s) !== null && _k !== void 0 ? _k : "log",
        strictTuples: (_m = (_l = o.strictTuples) !== null && _l !== void 0 ? _l : s) !== null && _m !== void 0 ? _m : "log",
        strictRequired: (_p = (_o = o.strictRequired) !== null && _o !== void 0 ? _o : s) !== null && _p !== void 0 ? _p : false,
        code: o.code ? { ...o.code, optimize, regExp } : { optimize, regExp },
        loopRequired: (_q = o.loopRequired) !== null && _q !== void 0 ? _q : MAX_EXPRESSION,
        loopEnum: (_r = o.loopEnum) !== null && _r !== void 0 ? _r : MAX_EXPRESSION,
        meta: (_s = o.meta) !== null && _s !== void 0 ? _s : true,
        messages: (_t = o.messages) !== null && _t !== void 0 ? _t : true,
        inlineRefs: (_u = o.inlineRefs) !== null && _u !== void 0 ? _u : true,
        schemaId: (_v = o.schemaId) !== null && _v !== void 0 ? _v : "$id",
        addUsedSchema: (_w = o.addUsedSchema) !== null && _w !== void 0 ? _w : true,
        validateSchema: (_x = o.validateSchema) !== null && _x !== void 0 ? _x : true,
        validateFormats: (_y = o.validateFormats) !== null && _y !== void 0 ? _y : true,
        unicodeRegExp: (_z = o.unicodeRegExp) !== null && _z !== void 0 ? _z : true,
        int32range: (_0 = o.int32range) !== null && _0 !== void 0 ? _0 : true,
        uriResolver
      };
    }
    var Ajv3 = class {
      constructor(opts = {}) {
        this.schemas = {};
        this.refs = {};
        this.formats = /* @__PURE__ */ Object.create(null);
        this._compilations = /* @__PURE__ */ new Set();
        this._loading = {};
        this._cache = /* @__PURE__ */ new Map();
        opts = this.opts = { ...opts, ...requiredOptions(opts) };
        const { es5, lines } = this.opts.code;
        this.scope = new codegen_2.ValueScope({ scope: {}, prefixes: EXT_SCOPE_NAMES, es5, lines });
        this.logger = getLogger(opts.logger);
        const formatOpt = opts.validateFormats;
        opts.validateFormats = false;
        this.RULES = (0, rules_1.getRules)();
        checkOptions.call(this, removedOptions, opts, "NOT SUPPORTED");
        checkOptions.call(this, deprecatedOptions, opts, "DEPRECATED", "warn");
        this._metaOpts = getMetaSchemaOptions.call(this);
        if (opts.formats)
          addInitialFormats.call(this);
        this._addVocabularies();
        this._addDefaultMetaSchema();
        if (opts.keywords)
          addInitialKeywords.call(this, opts.keywords);
        if (typeof opts.meta == "object")
          this.addMetaSchema(opts.meta);
        addInitialSchemas.call(this);
        opts.validateFormats = formatOpt;
      }
      _addVocabularies() {
        this.addKeyword("$async");
      }
      _addDefaultMetaSchema() {
        const { $data, meta, schemaId } = this.opts;
        let _dataRefSchema = $dataRefSchema;
        if (schemaId === "id") {
          _dataRefSchema = { ...$dataRefSchema };
          _dataRefSchema.id = _dataRefSchema.$id;
          delete _dataRefSchema.$id;
        }
        if (meta && $data)
          this.addMetaSchema(_dataRefSchema, _dataRefSchema[schemaId], false);
      }
      defaultMeta() {
        const { meta, schemaId } = this.opts;
        return this.opts.defaultMeta = typeof meta == "object" ? meta[schemaId] || meta : void 0;
      }
      validate(schemaKeyRef, data) {
        let v;
        if (typeof schemaKeyRef == "string") {
          v = this.getSchema(schemaKeyRef);
          if (!v)
            throw new Error(`no schema with key or ref "${schemaKeyRef}"`);
        } else {
          v = this.compile(schemaKeyRef);
        }
        const valid = v(data);
        if (!("$async" in v))
          this.errors = v.errors;
        return valid;
      }
      compile(schema, _meta) {
        const sch = this._addSchema(schema, _meta);
        return sch.validate || this._compileSchemaEnv(sch);
      }
      compileAsync(schema, meta) {
        if (typeof this.opts.loadSchema != "function") {
          throw new Error("options.loadSchema should be a function");
        }
        const { loadSchema } = this.opts;
        return runCompileAsync.call(this, schema, meta);
        async function runCompileAsync(_schema, _meta) {
          await loadMetaSchema.call(this, _schema.$schema);
          const sch = this._addSchema(_schema, _meta);
          return sch.validate || _compileAsync.call(this, sch);
        }
        async function loadMetaSchema($ref) {
          if ($ref && !this.getSchema($ref)) {
            await runCompileAsync.call(this, { $ref }, true);
          }
        }
        async function _compileAsync(sch) {
          try {
            return this._compileSchemaEnv(sch);
          } catch (e) {
            if (!(e instanceof ref_error_1.default))
              throw e;
            checkLoaded.call(this, e);
            await loadMissingSchema.call(this, e.missingSchema);
            return _compileAsync.call(this, sch);
          }
        }
        function checkLoaded({ missingSchema: ref, missingRef }) {
          if (this.refs[ref]) {
            throw new Error(`AnySchema ${ref} is loaded but ${missingRef} cannot be resolved`);
          }
        }
        async function loadMissingSchema(ref) {
          const _schema = await _loadSchema.call(this, ref);
          if (!this.refs[ref])
            await loadMetaSchema.call(this, _schema.$schema);
          if (!this.refs[ref])
            this.addSchema(_schema, ref, meta);
        }
        async function _loadSchema(ref) {
          const p = this._loading[ref];
          if (p)
            return p;
          try {
            return await (this._loading[ref] = loadSchema(ref));
          } finally {
            delete this._loading[ref];
          }
        }
      }
      // Adds schema to the instance
      addSchema(schema, key, _meta, _validateSchema = this.opts.validateSchema) {
        if (Array.isArray(schema)) {
          for (const sch of schema)
            this.addSchema(sch, void 0, _meta, _validateSchema);
          return this;
        }
        let id;
        if (typeof schema === "object") {
          const { schemaId } = this.opts;
          id = schema[schemaId];
          if (id !== void 0 && typeof id != "string") {
            throw new Error(`schema ${schemaId} must be string`);
          }
        }
        key = (0, resolve_1.normalizeId)(key || id);
        this._checkUnique(key);
        this.schemas[key] = this._addSchema(schema, _meta, key, _validateSchema, true);
        return this;
      }
      // Add schema that will be used to validate other schemas
      // options in META_IGNORE_OPTIONS are alway set to false
      addMetaSchema(schema, key, _validateSchema = this.opts.validateSchema) {
        this.addSchema(schema, key, true, _validateSchema);
        return this;
      }
      //  Validate schema against its meta-schema
      validateSchema(schema, throwOrLogError) {
        if (typeof schema == "boolean")
          return true;
        let $schema;
        $schema = schema.$schema;
        if ($schema !== void 0 && typeof $schema != "string") {
          throw new Error("$schema must be a string");
        }
        $schema = $schema || this.opts.defaultMeta || this.defaultMeta();
        if (!$schema) {
          this.logger.warn("meta-schema not available");
          this.errors = null;
          return true;
        }
        const valid = this.validate($schema, schema);
        if (!valid && throwOrLogError) {
          const message = "schema is invalid: " + this.errorsText();
          if (this.opts.validateSchema === "log")
            this.logger.error(message);
          else
            throw new Error(message);
        }
        return valid;
      }
      // Get compiled schema by `key` or `ref`.
      // (`key` that was passed to `addSchema` or full schema reference - `schema.$id` or resolved id)
      getSchema(keyRef) {
        let sch;
        while (typeof (sch = getSchEnv.call(this, keyRef)) == "string")
          keyRef = sch;
        if (sch === void 0) {
          const { schemaId } = this.opts;
          const root = new compile_1.SchemaEnv({ schema: {}, schemaId });
          sch = compile_1.resolveSchema.call(this, root, keyRef);
          if (!sch)
            return;
          this.refs[keyRef] = sch;
        }
        return sch.validate || this._compileSchemaEnv(sch);
      }
      // Remove cached schema(s).
      // If no parameter is passed all schemas but meta-schemas are removed.
      // If RegExp is passed all schemas with key/id matching pattern but meta-schemas are removed.
      // Even if schema is referenced by other schemas it still can be removed as other schemas have local references.
      removeSchema(schemaKeyRef) {
        if (schemaKeyRef instanceof RegExp) {
          this._removeAllSchemas(this.schemas, schemaKeyRef);
          this._removeAllSchemas(this.refs, schemaKeyRef);
          return this;
        }
        switch (typeof schemaKeyRef) {
          case "undefined":
            this._removeAllSchemas(this.schemas);
            this._removeAllSchemas(this.refs);
            this._cache.clear();
            return this;
          case "string": {
            const sch = getSchEnv.call(this, schemaKeyRef);
            if (typeof sch == "object")
              this._cache.delete(sch.schema);
            delete this.schemas[schemaKeyRef];
            delete this.refs[schemaKeyRef];
            return this;
          }
          case "object": {
            const cacheKey = schemaKeyRef;
            this._cache.delete(cacheKey);
            let id = schemaKeyRef[this.opts.schemaId];
            if (id) {
              id = (0, resolve_1.normalizeId)(id);
              delete this.schemas[id];
              delete this.refs[id];
            }
            return this;
          }
          default:
            throw new Error("ajv.removeSchema: invalid parameter");
        }
      }
      // add "vocabulary" - a collection of keywords
      addVocabulary(definitions) {
        for (const def of definitions)
          this.addKeyword(def);
        return this;
      }
      addKeyword(kwdOrDef, def) {
        let keyword;
        if (typeof kwdOrDef == "string") {
          keyword = kwdOrDef;
          if (typeof def == "object") {
            this.logger.warn("these parameters are deprecated, see docs for addKeyword");
            def.keyword = keyword;
          }
        } else if (typeof kwdOrDef == "object" && def === void 0) {
          def = kwdOrDef;
          keyword = def.keyword;
          if (Array.isArray(keyword) && !keyword.length) {
            throw new Error("addKeywords: keyword must be string or non-empty array");
          }
        } else {
          throw new Error("invalid addKeywords parameters");
        }
        checkKeyword.call(this, keyword, def);
        if (!def) {
          (0, util_1.eachItem)(keyword, (kwd) => addRule.call(this, kwd));
          return this;
        }
        keywordMetaschema.call(this, def);
        const definition = {
          ...def,
          type: (0, dataType_1.getJSONTypes)(def.type),
          schemaType: (0, dataType_1.getJSONTypes)(def.schemaType)
        };
        (0, util_1.eachItem)(keyword, definition.type.length === 0 ? (k) => addRule.call(this, k, definition) : (k) => definition.type.forEach((t) => addRule.call(this, k, definition, t)));
        return this;
      }
      getKeyword(keyword) {
        const rule = this.RULES.all[keyword];
        return typeof rule == "object" ? rule.definition : !!rule;
      }
      // Remove keyword
      removeKeyword(keyword) {
        const { RULES } = this;
        delete RULES.keywords[keyword];
        delete RULES.all[keyword];
        for (const group of RULES.rules) {
          const i = group.rules.findIndex((rule) => rule.keyword === keyword);
          if (i >= 0)
            group.rules.splice(i, 1);
        }
        return this;
      }
      // Add format
      addFormat(name, format) {
        if (typeof format == "string")
          format = new RegExp(format);
        this.formats[name] = format;
        return this;
      }
      errorsText(errors = this.errors, { separator = ", ", dataVar = "data" } = {}) {
        if (!errors || errors.length === 0)
          return "No errors";
        return errors.map((e) => `${dataVar}${e.instancePath} ${e.message}`).reduce((text2, msg) => text2 + separator + msg);
      }
      $dataMetaSchema(metaSchema, keywordsJsonPointers) {
        const rules = this.RULES.all;
        metaSchema = JSON.parse(JSON.stringify(metaSchema));
        for (const jsonPointer of keywordsJsonPointers) {
          const segments = jsonPointer.split("/").slice(1);
          let keywords = metaSchema;
          for (const seg of segments)
            keywords = keywords[seg];
          for (const key in rules) {
            const rule = rules[key];
            if (typeof rule != "object")
              continue;
            const { $data } = rule.definition;
            const schema = keywords[key];
            if ($data && schema)
              keywords[key] = schemaOrData(schema);
          }
        }
        return metaSchema;
      }
      _removeAllSchemas(schemas, regex) {
        for (const keyRef in schemas) {
          const sch = schemas[keyRef];
          if (!regex || regex.test(keyRef)) {
            if (typeof sch == "string") {
              delete schemas[keyRef];
            } else if (sch && !sch.meta) {
              this._cache.delete(sch.schema);
              delete schemas[keyRef];
            }
          }
        }
      }
      _addSchema(schema, meta, baseId, validateSchema = this.opts.validateSchema, addSchema = this.opts.addUsedSchema) {
        let id;
        const { schemaId } = this.opts;
        if (typeof schema == "object") {
          id = schema[schemaId];
        } else {
          if (this.opts.jtd)
            throw new Error("schema must be object");
          else if (typeof schema != "boolean")
            throw new Error("schema must be object or boolean");
        }
        let sch = this._cache.get(schema);
        if (sch !== void 0)
          return sch;
        baseId = (0, resolve_1.normalizeId)(id || baseId);
        const localRefs = resolve_1.getSchemaRefs.call(this, schema, baseId);
        sch = new compile_1.SchemaEnv({ schema, schemaId, meta, baseId, localRefs });
        this._cache.set(sch.schema, sch);
        if (addSchema && !baseId.startsWith("#")) {
          if (baseId)
            this._checkUnique(baseId);
          this.refs[baseId] = sch;
        }
        if (validateSchema)
          this.validateSchema(schema, true);
        return sch;
      }
      _checkUnique(id) {
        if (this.schemas[id] || this.refs[id]) {
          throw new Error(`schema with key or id "${id}" already exists`);
        }
      }
      _compileSchemaEnv(sch) {
        if (sch.meta)
          this._compileMetaSchema(sch);
        else
          compile_1.compileSchema.call(this, sch);
        if (!sch.validate)
          throw new Error("ajv implementation error");
        return sch.validate;
      }
      _compileMetaSchema(sch) {
        const currentOpts = this.opts;
        this.opts = this._metaOpts;
        try {
          compile_1.compileSchema.call(this, sch);
        } finally {
          this.opts = currentOpts;
        }
      }
    };
    Ajv3.ValidationError = validation_error_1.default;
    Ajv3.MissingRefError = ref_error_1.default;
    exports.default = Ajv3;
    function checkOptions(checkOpts, options, msg, log = "error") {
      for (const key in checkOpts) {
        const opt = key;
        if (opt in options)
          this.logger[log](`${msg}: option ${key}. ${checkOpts[opt]}`);
      }
    }
    function getSchEnv(keyRef) {
      keyRef = (0, resolve_1.normalizeId)(keyRef);
      return this.schemas[keyRef] || this.refs[keyRef];
    }
    function addInitialSchemas() {
      const optsSchemas = this.opts.schemas;
      if (!optsSchemas)
        return;
      if (Array.isArray(optsSchemas))
        this.addSchema(optsSchemas);
      else
        for (const key in optsSchemas)
          this.addSchema(optsSchemas[key], key);
    }
    function addInitialFormats() {
      for (const name in this.opts.formats) {
        const format = this.opts.formats[name];
        if (format)
          this.addFormat(name, format);
      }
    }
    function addInitialKeywords(defs) {
      if (Array.isArray(defs)) {
        this.addVocabulary(defs);
        return;
      }
      this.logger.warn("keywords option as map is deprecated, pass array");
      for (const keyword in defs) {
        const def = defs[keyword];
        if (!def.keyword)
          def.keyword = keyword;
        this.addKeyword(def);
      }
    }
    function getMetaSchemaOptions() {
      const metaOpts = { ...this.opts };
      for (const opt of META_IGNORE_OPTIONS)
        delete metaOpts[opt];
      return metaOpts;
    }
    var noLogs = { log() {
    }, warn() {
    }, error() {
    } };
    function getLogger(logger) {
      if (logger === false)
        return noLogs;
      if (logger === void 0)
        return console;
      if (logger.log && logger.warn && logger.error)
        return logger;
      throw new Error("logger must implement log, warn and error methods");
    }
    var KEYWORD_NAME = /^[a-z_$][a-z0-9_$:-]*$/i;
    function checkKeyword(keyword, def) {
      const { RULES } = this;
      (0, util_1.eachItem)(keyword, (kwd) => {
        if (RULES.keywords[kwd])
          throw new Error(`Keyword ${kwd} is already defined`);
        if (!KEYWORD_NAME.test(kwd))
          throw new Error(`Keyword ${kwd} has invalid name`);
      });
      if (!def)
        return;
      if (def.$data && !("code" in def || "validate" in def)) {
        throw new Error('$data keyword must have "code" or "validate" function');
      }
    }
    function addRule(keyword, definition, dataType) {
      var _a;
      const post = definition === null || definition === void 0 ? void 0 : definition.post;
      if (dataType && post)
        throw new Error('keyword with "post" flag cannot have "type"');
      const { RULES } = this;
      let ruleGroup = post ? RULES.post : RULES.rules.find(({ type: t }) => t === dataType);
      if (!ruleGroup) {
        ruleGroup = { type: dataType, rules: [] };
        RULES.rules.push(ruleGroup);
      }
      RULES.keywords[keyword] = true;
      if (!definition)
        return;
      const rule = {
        keyword,
        definition: {
          ...definition,
          type: (0, dataType_1.getJSONTypes)(definition.type),
          schemaType: (0, dataType_1.getJSONTypes)(definition.schemaType)
        }
      };
      if (definition.before)
        addBeforeRule.call(this, ruleGroup, rule, definition.before);
      else
        ruleGroup.rules.push(rule);
      RULES.all[keyword] = rule;
      (_a = definition.implements) === null || _a === void 0 ? void 0 : _a.forEach((kwd) => this.addKeyword(kwd));
    }
    function addBeforeRule(ruleGroup, rule, before) {
      const i = ruleGroup.rules.findIndex((_rule) => _rule.keyword === before);
      if (i >= 0) {
        ruleGroup.rules.splice(i, 0, rule);
      } else {
        ruleGroup.rules.push(rule);
        this.logger.warn(`rule ${before} is not defined`);
      }
    }
    function keywordMetaschema(def) {
      let { metaSchema } = def;
      if (metaSchema === void 0)
        return;
      if (def.$data && this.opts.$data)
        metaSchema = schemaOrData(metaSchema);
      def.validateSchema = this.compile(metaSchema, true);
    }
    var $dataRef = {
      $ref: "https://raw.githubusercontent.com/ajv-validator/ajv/master/lib/refs/data.json#"
    };
    function schemaOrData(schema) {
      return { anyOf: [schema, $dataRef] };
    }
  }
});

// node_modules/ajv/dist/vocabularies/core/id.js
var require_id = __commonJS({
  "node_modules/ajv/dist/vocabularies/core/id.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var def = {
      keyword: "id",
      code() {
        throw new Error('NOT SUPPORTED: keyword "id", use "$id" for schema ID');
      }
    };
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/core/ref.js
var require_ref = __commonJS({
  "node_modules/ajv/dist/vocabularies/core/ref.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.callRef = exports.getValidate = void 0;
    var ref_error_1 = require_ref_error();
    var code_1 = require_code2();
    var codegen_1 = require_codegen();
    var names_1 = require_names();
    var compile_1 = require_compile();
    var util_1 = require_util();
    var def = {
      keyword: "$ref",
      schemaType: "string",
      code(cxt) {
        const { gen, schema: $ref, it } = cxt;
        const { baseId, schemaEnv: env, validateName, opts, self } = it;
        const { root } = env;
        if (($ref === "#" || $ref === "#/") && baseId === root.baseId)
          return callRootRef();
        const schOrEnv = compile_1.resolveRef.call(self, root, baseId, $ref);
        if (schOrEnv === void 0)
          throw new ref_error_1.default(it.opts.uriResolver, baseId, $ref);
        if (schOrEnv instanceof compile_1.SchemaEnv)
          return callValidate(schOrEnv);
        return inlineRefSchema(schOrEnv);
        function callRootRef() {
          if (env === root)
            return callRef(cxt, validateName, env, env.$async);
          const rootName = gen.scopeValue("root", { ref: root });
          return callRef(cxt, (0, codegen_1._)`${rootName}.validate`, root, root.$async);
        }
        function callValidate(sch) {
          const v = getValidate(cxt, sch);
          callRef(cxt, v, sch, sch.$async);
        }
        function inlineRefSchema(sch) {
          const schName = gen.scopeValue("schema", opts.code.source === true ? { ref: sch, code: (0, codegen_1.stringify)(sch) } : { ref: sch });
          const valid = gen.name("valid");
          const schCxt = cxt.subschema({
            schema: sch,
            dataTypes: [],
            schemaPath: codegen_1.nil,
            topSchemaRef: schName,
            errSchemaPath: $ref
          }, valid);
          cxt.mergeEvaluated(schCxt);
          cxt.ok(valid);
        }
      }
    };
    function getValidate(cxt, sch) {
      const { gen } = cxt;
      return sch.validate ? gen.scopeValue("validate", { ref: sch.validate }) : (0, codegen_1._)`${gen.scopeValue("wrapper", { ref: sch })}.validate`;
    }
    exports.getValidate = getValidate;
    function callRef(cxt, v, sch, $async) {
      const { gen, it } = cxt;
      const { allErrors, schemaEnv: env, opts } = it;
      const passCxt = opts.passContext ? names_1.default.this : codegen_1.nil;
      if ($async)
        callAsyncRef();
      else
        callSyncRef();
      function callAsyncRef() {
        if (!env.$async)
          throw new Error("async schema referenced by sync schema");
        const valid = gen.let("valid");
        gen.try(() => {
          gen.code((0, codegen_1._)`await ${(0, code_1.callValidateCode)(cxt, v, passCxt)}`);
          addEvaluatedFrom(v);
          if (!allErrors)
            gen.assign(valid, true);
        }, (e) => {
          gen.if((0, codegen_1._)`!(${e} instanceof ${it.ValidationError})`, () => gen.throw(e));
          addErrorsFrom(e);
          if (!allErrors)
            gen.assign(valid, false);
        });
        cxt.ok(valid);
      }
      function callSyncRef() {
        cxt.result((0, code_1.callValidateCode)(cxt, v, passCxt), () => addEvaluatedFrom(v), () => addErrorsFrom(v));
      }
      function addErrorsFrom(source) {
        const errs = (0, codegen_1._)`${source}.errors`;
        gen.assign(names_1.default.vErrors, (0, codegen_1._)`${names_1.default.vErrors} === null ? ${errs} : ${names_1.default.vErrors}.concat(${errs})`);
        gen.assign(names_1.default.errors, (0, codegen_1._)`${names_1.default.vErrors}.length`);
      }
      function addEvaluatedFrom(source) {
        var _a;
        if (!it.opts.unevaluated)
          return;
        const schEvaluated = (_a = sch === null || sch === void 0 ? void 0 : sch.validate) === null || _a === void 0 ? void 0 : _a.evaluated;
        if (it.props !== true) {
          if (schEvaluated && !schEvaluated.dynamicProps) {
            if (schEvaluated.props !== void 0) {
              it.props = util_1.mergeEvaluated.props(gen, schEvaluated.props, it.props);
            }
          } else {
            const props = gen.var("props", (0, codegen_1._)`${source}.evaluated.props`);
            it.props = util_1.mergeEvaluated.props(gen, props, it.props, codegen_1.Name);
          }
        }
        if (it.items !== true) {
          if (schEvaluated && !schEvaluated.dynamicItems) {
            if (schEvaluated.items !== void 0) {
              it.items = util_1.mergeEvaluated.items(gen, schEvaluated.items, it.items);
            }
          } else {
            const items = gen.var("items", (0, codegen_1._)`${source}.evaluated.items`);
            it.items = util_1.mergeEvaluated.items(gen, items, it.items, codegen_1.Name);
          }
        }
      }
    }
    exports.callRef = callRef;
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/core/index.js
var require_core2 = __commonJS({
  "node_modules/ajv/dist/vocabularies/core/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var id_1 = require_id();
    var ref_1 = require_ref();
    var core = [
      "$schema",
      "$id",
      "$defs",
      "$vocabulary",
      { keyword: "$comment" },
      "definitions",
      id_1.default,
      ref_1.default
    ];
    exports.default = core;
  }
});

// node_modules/ajv/dist/vocabularies/validation/limitNumber.js
var require_limitNumber = __commonJS({
  "node_modules/ajv/dist/vocabularies/validation/limitNumber.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var codegen_1 = require_codegen();
    var ops = codegen_1.operators;
    var KWDs = {
      maximum: { okStr: "<=", ok: ops.LTE, fail: ops.GT },
      minimum: { okStr: ">=", ok: ops.GTE, fail: ops.LT },
      exclusiveMaximum: { okStr: "<", ok: ops.LT, fail: ops.GTE },
      exclusiveMinimum: { okStr: ">", ok: ops.GT, fail: ops.LTE }
    };
    var error = {
      message: ({ keyword, schemaCode }) => (0, codegen_1.str)`must be ${KWDs[keyword].okStr} ${schemaCode}`,
      params: ({ keyword, schemaCode }) => (0, codegen_1._)`{comparison: ${KWDs[keyword].okStr}, limit: ${schemaCode}}`
    };
    var def = {
      keyword: Object.keys(KWDs),
      type: "number",
      schemaType: "number",
      $data: true,
      error,
      code(cxt) {
        const { keyword, data, schemaCode } = cxt;
        cxt.fail$data((0, codegen_1._)`${data} ${KWDs[keyword].fail} ${schemaCode} || isNaN(${data})`);
      }
    };
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/validation/multipleOf.js
var require_multipleOf = __commonJS({
  "node_modules/ajv/dist/vocabularies/validation/multipleOf.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var codegen_1 = require_codegen();
    var error = {
      message: ({ schemaCode }) => (0, codegen_1.str)`must be multiple of ${schemaCode}`,
      params: ({ schemaCode }) => (0, codegen_1._)`{multipleOf: ${schemaCode}}`
    };
    var def = {
      keyword: "multipleOf",
      type: "number",
      schemaType: "number",
      $data: true,
      error,
      code(cxt) {
        const { gen, data, schemaCode, it } = cxt;
        const prec = it.opts.multipleOfPrecision;
        const res = gen.let("res");
        const invalid = prec ? (0, codegen_1._)`Math.abs(Math.round(${res}) - ${res}) > 1e-${prec}` : (0, codegen_1._)`${res} !== parseInt(${res})`;
        cxt.fail$data((0, codegen_1._)`(${schemaCode} === 0 || (${res} = ${data}/${schemaCode}, ${invalid}))`);
      }
    };
    exports.default = def;
  }
});

// node_modules/ajv/dist/runtime/ucs2length.js
var require_ucs2length = __commonJS({
  "node_modules/ajv/dist/runtime/ucs2length.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    function ucs2length(str3) {
      const len = str3.length;
      let length = 0;
      let pos = 0;
      let value;
      while (pos < len) {
        length++;
        value = str3.charCodeAt(pos++);
        if (value >= 55296 && value <= 56319 && pos < len) {
          value = str3.charCodeAt(pos);
          if ((value & 64512) === 56320)
            pos++;
        }
      }
      return length;
    }
    exports.default = ucs2length;
    ucs2length.code = 'require("ajv/dist/runtime/ucs2length").default';
  }
});

// node_modules/ajv/dist/vocabularies/validation/limitLength.js
var require_limitLength = __commonJS({
  "node_modules/ajv/dist/vocabularies/validation/limitLength.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var codegen_1 = require_codegen();
    var util_1 = require_util();
    var ucs2length_1 = require_ucs2length();
    var error = {
      message({ keyword, schemaCode }) {
        const comp = keyword === "maxLength" ? "more" : "fewer";
        return (0, codegen_1.str)`must NOT have ${comp} than ${schemaCode} characters`;
      },
      params: ({ schemaCode }) => (0, codegen_1._)`{limit: ${schemaCode}}`
    };
    var def = {
      keyword: ["maxLength", "minLength"],
      type: "string",
      schemaType: "number",
      $data: true,
      error,
      code(cxt) {
        const { keyword, data, schemaCode, it } = cxt;
        const op = keyword === "maxLength" ? codegen_1.operators.GT : codegen_1.operators.LT;
        const len = it.opts.unicode === false ? (0, codegen_1._)`${data}.length` : (0, codegen_1._)`${(0, util_1.useFunc)(cxt.gen, ucs2length_1.default)}(${data})`;
        cxt.fail$data((0, codegen_1._)`${len} ${op} ${schemaCode}`);
      }
    };
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/validation/pattern.js
var require_pattern = __commonJS({
  "node_modules/ajv/dist/vocabularies/validation/pattern.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var code_1 = require_code2();
    var util_1 = require_util();
    var codegen_1 = require_codegen();
    var error = {
      message: ({ schemaCode }) => (0, codegen_1.str)`must match pattern "${schemaCode}"`,
      params: ({ schemaCode }) => (0, codegen_1._)`{pattern: ${schemaCode}}`
    };
    var def = {
      keyword: "pattern",
      type: "string",
      schemaType: "string",
      $data: true,
      error,
      code(cxt) {
        const { gen, data, $data, schema, schemaCode, it } = cxt;
        const u = it.opts.unicodeRegExp ? "u" : "";
        if ($data) {
          const { regExp } = it.opts.code;
          const regExpCode = regExp.code === "new RegExp" ? (0, codegen_1._)`new RegExp` : (0, util_1.useFunc)(gen, regExp);
          const valid = gen.let("valid");
          gen.try(() => gen.assign(valid, (0, codegen_1._)`${regExpCode}(${schemaCode}, ${u}).test(${data})`), () => gen.assign(valid, false));
          cxt.fail$data((0, codegen_1._)`!${valid}`);
        } else {
          const regExp = (0, code_1.usePattern)(cxt, schema);
          cxt.fail$data((0, codegen_1._)`!${regExp}.test(${data})`);
        }
      }
    };
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/validation/limitProperties.js
var require_limitProperties = __commonJS({
  "node_modules/ajv/dist/vocabularies/validation/limitProperties.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var codegen_1 = require_codegen();
    var error = {
      message({ keyword, schemaCode }) {
        const comp = keyword === "maxProperties" ? "more" : "fewer";
        return (0, codegen_1.str)`must NOT have ${comp} than ${schemaCode} properties`;
      },
      params: ({ schemaCode }) => (0, codegen_1._)`{limit: ${schemaCode}}`
    };
    var def = {
      keyword: ["maxProperties", "minProperties"],
      type: "object",
      schemaType: "number",
      $data: true,
      error,
      code(cxt) {
        const { keyword, data, schemaCode } = cxt;
        const op = keyword === "maxProperties" ? codegen_1.operators.GT : codegen_1.operators.LT;
        cxt.fail$data((0, codegen_1._)`Object.keys(${data}).length ${op} ${schemaCode}`);
      }
    };
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/validation/required.js
var require_required = __commonJS({
  "node_modules/ajv/dist/vocabularies/validation/required.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var code_1 = require_code2();
    var codegen_1 = require_codegen();
    var util_1 = require_util();
    var error = {
      message: ({ params: { missingProperty } }) => (0, codegen_1.str)`must have required property '${missingProperty}'`,
      params: ({ params: { missingProperty } }) => (0, codegen_1._)`{missingProperty: ${missingProperty}}`
    };
    var def = {
      keyword: "required",
      type: "object",
      schemaType: "array",
      $data: true,
      error,
      code(cxt) {
        const { gen, schema, schemaCode, data, $data, it } = cxt;
        const { opts } = it;
        if (!$data && schema.length === 0)
          return;
        const useLoop = schema.length >= opts.loopRequired;
        if (it.allErrors)
          allErrorsMode();
        else
          exitOnErrorMode();
        if (opts.strictRequired) {
          const props = cxt.parentSchema.properties;
          const { definedProperties } = cxt.it;
          for (const requiredKey of schema) {
            if ((props === null || props === void 0 ? void 0 : props[requiredKey]) === void 0 && !definedProperties.has(requiredKey)) {
              const schemaPath = it.schemaEnv.baseId + it.errSchemaPath;
              const msg = `required property "${requiredKey}" is not defined at "${schemaPath}" (strictRequired)`;
              (0, util_1.checkStrictMode)(it, msg, it.opts.strictRequired);
            }
          }
        }
        function allErrorsMode() {
          if (useLoop || $data) {
            cxt.block$data(codegen_1.nil, loopAllRequired);
          } else {
            for (const prop of schema) {
              (0, code_1.checkReportMissingProp)(cxt, prop);
            }
          }
        }
        function exitOnErrorMode() {
          const missing = gen.let("missing");
          if (useLoop || $data) {
            const valid = gen.let("valid", true);
            cxt.block$data(valid, () => loopUntilMissing(missing, valid));
            cxt.ok(valid);
          } else {
            gen.if((0, code_1.checkMissingProp)(cxt, schema, missing));
            (0, code_1.reportMissingProp)(cxt, missing);
            gen.else();
          }
        }
        function loopAllRequired() {
          gen.forOf("prop", schemaCode, (prop) => {
            cxt.setParams({ missingProperty: prop });
            gen.if((0, code_1.noPropertyInData)(gen, data, prop, opts.ownProperties), () => cxt.error());
          });
        }
        function loopUntilMissing(missing, valid) {
          cxt.setParams({ missingProperty: missing });
          gen.forOf(missing, schemaCode, () => {
            gen.assign(valid, (0, code_1.propertyInData)(gen, data, missing, opts.ownProperties));
            gen.if((0, codegen_1.not)(valid), () => {
              cxt.error();
              gen.break();
            });
          }, codegen_1.nil);
        }
      }
    };
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/validation/limitItems.js
var require_limitItems = __commonJS({
  "node_modules/ajv/dist/vocabularies/validation/limitItems.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var codegen_1 = require_codegen();
    var error = {
      message({ keyword, schemaCode }) {
        const comp = keyword === "maxItems" ? "more" : "fewer";
        return (0, codegen_1.str)`must NOT have ${comp} than ${schemaCode} items`;
      },
      params: ({ schemaCode }) => (0, codegen_1._)`{limit: ${schemaCode}}`
    };
    var def = {
      keyword: ["maxItems", "minItems"],
      type: "array",
      schemaType: "number",
      $data: true,
      error,
      code(cxt) {
        const { keyword, data, schemaCode } = cxt;
        const op = keyword === "maxItems" ? codegen_1.operators.GT : codegen_1.operators.LT;
        cxt.fail$data((0, codegen_1._)`${data}.length ${op} ${schemaCode}`);
      }
    };
    exports.default = def;
  }
});

// node_modules/ajv/dist/runtime/equal.js
var require_equal = __commonJS({
  "node_modules/ajv/dist/runtime/equal.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var equal = require_fast_deep_equal();
    equal.code = 'require("ajv/dist/runtime/equal").default';
    exports.default = equal;
  }
});

// node_modules/ajv/dist/vocabularies/validation/uniqueItems.js
var require_uniqueItems = __commonJS({
  "node_modules/ajv/dist/vocabularies/validation/uniqueItems.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var dataType_1 = require_dataType();
    var codegen_1 = require_codegen();
    var util_1 = require_util();
    var equal_1 = require_equal();
    var error = {
      message: ({ params: { i, j } }) => (0, codegen_1.str)`must NOT have duplicate items (items ## ${j} and ${i} are identical)`,
      params: ({ params: { i, j } }) => (0, codegen_1._)`{i: ${i}, j: ${j}}`
    };
    var def = {
      keyword: "uniqueItems",
      type: "array",
      schemaType: "boolean",
      $data: true,
      error,
      code(cxt) {
        const { gen, data, $data, schema, parentSchema, schemaCode, it } = cxt;
        if (!$data && !schema)
          return;
        const valid = gen.let("valid");
        const itemTypes = parentSchema.items ? (0, dataType_1.getSchemaTypes)(parentSchema.items) : [];
        cxt.block$data(valid, validateUniqueItems, (0, codegen_1._)`${schemaCode} === false`);
        cxt.ok(valid);
        function validateUniqueItems() {
          const i = gen.let("i", (0, codegen_1._)`${data}.length`);
          const j = gen.let("j");
          cxt.setParams({ i, j });
          gen.assign(valid, true);
          gen.if((0, codegen_1._)`${i} > 1`, () => (canOptimize() ? loopN : loopN2)(i, j));
        }
        function canOptimize() {
          return itemTypes.length > 0 && !itemTypes.some((t) => t === "object" || t === "array");
        }
        function loopN(i, j) {
          const item = gen.name("item");
          const wrongType = (0, dataType_1.checkDataTypes)(itemTypes, item, it.opts.strictNumbers, dataType_1.DataType.Wrong);
          const indices = gen.const("indices", (0, codegen_1._)`{}`);
          gen.for((0, codegen_1._)`;${i}--;`, () => {
            gen.let(item, (0, codegen_1._)`${data}[${i}]`);
            gen.if(wrongType, (0, codegen_1._)`continue`);
            if (itemTypes.length > 1)
              gen.if((0, codegen_1._)`typeof ${item} == "string"`, (0, codegen_1._)`${item} += "_"`);
            gen.if((0, codegen_1._)`typeof ${indices}[${item}] == "number"`, () => {
              gen.assign(j, (0, codegen_1._)`${indices}[${item}]`);
              cxt.error();
              gen.assign(valid, false).break();
            }).code((0, codegen_1._)`${indices}[${item}] = ${i}`);
          });
        }
        function loopN2(i, j) {
          const eql = (0, util_1.useFunc)(gen, equal_1.default);
          const outer = gen.name("outer");
          gen.label(outer).for((0, codegen_1._)`;${i}--;`, () => gen.for((0, codegen_1._)`${j} = ${i}; ${j}--;`, () => gen.if((0, codegen_1._)`${eql}(${data}[${i}], ${data}[${j}])`, () => {
            cxt.error();
            gen.assign(valid, false).break(outer);
          })));
        }
      }
    };
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/validation/const.js
var require_const = __commonJS({
  "node_modules/ajv/dist/vocabularies/validation/const.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var codegen_1 = require_codegen();
    var util_1 = require_util();
    var equal_1 = require_equal();
    var error = {
      message: "must be equal to constant",
      params: ({ schemaCode }) => (0, codegen_1._)`{allowedValue: ${schemaCode}}`
    };
    var def = {
      keyword: "const",
      $data: true,
      error,
      code(cxt) {
        const { gen, data, $data, schemaCode, schema } = cxt;
        if ($data || schema && typeof schema == "object") {
          cxt.fail$data((0, codegen_1._)`!${(0, util_1.useFunc)(gen, equal_1.default)}(${data}, ${schemaCode})`);
        } else {
          cxt.fail((0, codegen_1._)`${schema} !== ${data}`);
        }
      }
    };
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/validation/enum.js
var require_enum = __commonJS({
  "node_modules/ajv/dist/vocabularies/validation/enum.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var codegen_1 = require_codegen();
    var util_1 = require_util();
    var equal_1 = require_equal();
    var error = {
      message: "must be equal to one of the allowed values",
      params: ({ schemaCode }) => (0, codegen_1._)`{allowedValues: ${schemaCode}}`
    };
    var def = {
      keyword: "enum",
      schemaType: "array",
      $data: true,
      error,
      code(cxt) {
        const { gen, data, $data, schema, schemaCode, it } = cxt;
        if (!$data && schema.length === 0)
          throw new Error("enum must have non-empty array");
        const useLoop = schema.length >= it.opts.loopEnum;
        let eql;
        const getEql = () => eql !== null && eql !== void 0 ? eql : eql = (0, util_1.useFunc)(gen, equal_1.default);
        let valid;
        if (useLoop || $data) {
          valid = gen.let("valid");
          cxt.block$data(valid, loopEnum);
        } else {
          if (!Array.isArray(schema))
            throw new Error("ajv implementation error");
          const vSchema = gen.const("vSchema", schemaCode);
          valid = (0, codegen_1.or)(...schema.map((_x, i) => equalCode(vSchema, i)));
        }
        cxt.pass(valid);
        function loopEnum() {
          gen.assign(valid, false);
          gen.forOf("v", schemaCode, (v) => gen.if((0, codegen_1._)`${getEql()}(${data}, ${v})`, () => gen.assign(valid, true).break()));
        }
        function equalCode(vSchema, i) {
          const sch = schema[i];
          return typeof sch === "object" && sch !== null ? (0, codegen_1._)`${getEql()}(${data}, ${vSchema}[${i}])` : (0, codegen_1._)`${data} === ${sch}`;
        }
      }
    };
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/validation/index.js
var require_validation = __commonJS({
  "node_modules/ajv/dist/vocabularies/validation/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var limitNumber_1 = require_limitNumber();
    var multipleOf_1 = require_multipleOf();
    var limitLength_1 = require_limitLength();
    var pattern_1 = require_pattern();
    var limitProperties_1 = require_limitProperties();
    var required_1 = require_required();
    var limitItems_1 = require_limitItems();
    var uniqueItems_1 = require_uniqueItems();
    var const_1 = require_const();
    var enum_1 = require_enum();
    var validation = [
      // number
      limitNumber_1.default,
      multipleOf_1.default,
      // string
      limitLength_1.default,
      pattern_1.default,
      // object
      limitProperties_1.default,
      required_1.default,
      // array
      limitItems_1.default,
      uniqueItems_1.default,
      // any
      { keyword: "type", schemaType: ["string", "array"] },
      { keyword: "nullable", schemaType: "boolean" },
      const_1.default,
      enum_1.default
    ];
    exports.default = validation;
  }
});

// node_modules/ajv/dist/vocabularies/applicator/additionalItems.js
var require_additionalItems = __commonJS({
  "node_modules/ajv/dist/vocabularies/applicator/additionalItems.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.validateAdditionalItems = void 0;
    var codegen_1 = require_codegen();
    var util_1 = require_util();
    var error = {
      message: ({ params: { len } }) => (0, codegen_1.str)`must NOT have more than ${len} items`,
      params: ({ params: { len } }) => (0, codegen_1._)`{limit: ${len}}`
    };
    var def = {
      keyword: "additionalItems",
      type: "array",
      schemaType: ["boolean", "object"],
      before: "uniqueItems",
      error,
      code(cxt) {
        const { parentSchema, it } = cxt;
        const { items } = parentSchema;
        if (!Array.isArray(items)) {
          (0, util_1.checkStrictMode)(it, '"additionalItems" is ignored when "items" is not an array of schemas');
          return;
        }
        validateAdditionalItems(cxt, items);
      }
    };
    function validateAdditionalItems(cxt, items) {
      const { gen, schema, data, keyword, it } = cxt;
      it.items = true;
      const len = gen.const("len", (0, codegen_1._)`${data}.length`);
      if (schema === false) {
        cxt.setParams({ len: items.length });
        cxt.pass((0, codegen_1._)`${len} <= ${items.length}`);
      } else if (typeof schema == "object" && !(0, util_1.alwaysValidSchema)(it, schema)) {
        const valid = gen.var("valid", (0, codegen_1._)`${len} <= ${items.length}`);
        gen.if((0, codegen_1.not)(valid), () => validateItems(valid));
        cxt.ok(valid);
      }
      function validateItems(valid) {
        gen.forRange("i", items.length, len, (i) => {
          cxt.subschema({ keyword, dataProp: i, dataPropType: util_1.Type.Num }, valid);
          if (!it.allErrors)
            gen.if((0, codegen_1.not)(valid), () => gen.break());
        });
      }
    }
    exports.validateAdditionalItems = validateAdditionalItems;
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/applicator/items.js
var require_items = __commonJS({
  "node_modules/ajv/dist/vocabularies/applicator/items.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.validateTuple = void 0;
    var codegen_1 = require_codegen();
    var util_1 = require_util();
    var code_1 = require_code2();
    var def = {
      keyword: "items",
      type: "array",
      schemaType: ["object", "array", "boolean"],
      before: "uniqueItems",
      code(cxt) {
        const { schema, it } = cxt;
        if (Array.isArray(schema))
          return validateTuple(cxt, "additionalItems", schema);
        it.items = true;
        if ((0, util_1.alwaysValidSchema)(it, schema))
          return;
        cxt.ok((0, code_1.validateArray)(cxt));
      }
    };
    function validateTuple(cxt, extraItems, schArr = cxt.schema) {
      const { gen, parentSchema, data, keyword, it } = cxt;
      checkStrictTuple(parentSchema);
      if (it.opts.unevaluated && schArr.length && it.items !== true) {
        it.items = util_1.mergeEvaluated.items(gen, schArr.length, it.items);
      }
      const valid = gen.name("valid");
      const len = gen.const("len", (0, codegen_1._)`${data}.length`);
      schArr.forEach((sch, i) => {
        if ((0, util_1.alwaysValidSchema)(it, sch))
          return;
        gen.if((0, codegen_1._)`${len} > ${i}`, () => cxt.subschema({
          keyword,
          schemaProp: i,
          dataProp: i
        }, valid));
        cxt.ok(valid);
      });
      function checkStrictTuple(sch) {
        const { opts, errSchemaPath } = it;
        const l = schArr.length;
        const fullTuple = l === sch.minItems && (l === sch.maxItems || sch[extraItems] === false);
        if (opts.strictTuples && !fullTuple) {
          const msg = `"${keyword}" is ${l}-tuple, but minItems or maxItems/${extraItems} are not specified or different at path "${errSchemaPath}"`;
          (0, util_1.checkStrictMode)(it, msg, opts.strictTuples);
        }
      }
    }
    exports.validateTuple = validateTuple;
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/applicator/prefixItems.js
var require_prefixItems = __commonJS({
  "node_modules/ajv/dist/vocabularies/applicator/prefixItems.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var items_1 = require_items();
    var def = {
      keyword: "prefixItems",
      type: "array",
      schemaType: ["array"],
      before: "uniqueItems",
      code: (cxt) => (0, items_1.validateTuple)(cxt, "items")
    };
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/applicator/items2020.js
var require_items2020 = __commonJS({
  "node_modules/ajv/dist/vocabularies/applicator/items2020.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var codegen_1 = require_codegen();
    var util_1 = require_util();
    var code_1 = require_code2();
    var additionalItems_1 = require_additionalItems();
    var error = {
      message: ({ params: { len } }) => (0, codegen_1.str)`must NOT have more than ${len} items`,
      params: ({ params: { len } }) => (0, codegen_1._)`{limit: ${len}}`
    };
    var def = {
      keyword: "items",
      type: "array",
      schemaType: ["object", "boolean"],
      before: "uniqueItems",
      error,
      code(cxt) {
        const { schema, parentSchema, it } = cxt;
        const { prefixItems } = parentSchema;
        it.items = true;
        if ((0, util_1.alwaysValidSchema)(it, schema))
          return;
        if (prefixItems)
          (0, additionalItems_1.validateAdditionalItems)(cxt, prefixItems);
        else
          cxt.ok((0, code_1.validateArray)(cxt));
      }
    };
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/applicator/contains.js
var require_contains = __commonJS({
  "node_modules/ajv/dist/vocabularies/applicator/contains.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var codegen_1 = require_codegen();
    var util_1 = require_util();
    var error = {
      message: ({ params: { min, max } }) => max === void 0 ? (0, codegen_1.str)`must contain at least ${min} valid item(s)` : (0, codegen_1.str)`must contain at least ${min} and no more than ${max} valid item(s)`,
      params: ({ params: { min, max } }) => max === void 0 ? (0, codegen_1._)`{minContains: ${min}}` : (0, codegen_1._)`{minContains: ${min}, maxContains: ${max}}`
    };
    var def = {
      keyword: "contains",
      type: "array",
      schemaType: ["object", "boolean"],
      before: "uniqueItems",
      trackErrors: true,
      error,
      code(cxt) {
        const { gen, schema, parentSchema, data, it } = cxt;
        let min;
        let max;
        const { minContains, maxContains } = parentSchema;
        if (it.opts.next) {
          min = minContains === void 0 ? 1 : minContains;
          max = maxContains;
        } else {
          min = 1;
        }
        const len = gen.const("len", (0, codegen_1._)`${data}.length`);
        cxt.setParams({ min, max });
        if (max === void 0 && min === 0) {
          (0, util_1.checkStrictMode)(it, `"minContains" == 0 without "maxContains": "contains" keyword ignored`);
          return;
        }
        if (max !== void 0 && min > max) {
          (0, util_1.checkStrictMode)(it, `"minContains" > "maxContains" is always invalid`);
          cxt.fail();
          return;
        }
        if ((0, util_1.alwaysValidSchema)(it, schema)) {
          let cond = (0, codegen_1._)`${len} >= ${min}`;
          if (max !== void 0)
            cond = (0, codegen_1._)`${cond} && ${len} <= ${max}`;
          cxt.pass(cond);
          return;
        }
        it.items = true;
        const valid = gen.name("valid");
        if (max === void 0 && min === 1) {
          validateItems(valid, () => gen.if(valid, () => gen.break()));
        } else if (min === 0) {
          gen.let(valid, true);
          if (max !== void 0)
            gen.if((0, codegen_1._)`${data}.length > 0`, validateItemsWithCount);
        } else {
          gen.let(valid, false);
          validateItemsWithCount();
        }
        cxt.result(valid, () => cxt.reset());
        function validateItemsWithCount() {
          const schValid = gen.name("_valid");
          const count = gen.let("count", 0);
          validateItems(schValid, () => gen.if(schValid, () => checkLimits(count)));
        }
        function validateItems(_valid, block) {
          gen.forRange("i", 0, len, (i) => {
            cxt.subschema({
              keyword: "contains",
              dataProp: i,
              dataPropType: util_1.Type.Num,
              compositeRule: true
            }, _valid);
            block();
          });
        }
        function checkLimits(count) {
          gen.code((0, codegen_1._)`${count}++`);
          if (max === void 0) {
            gen.if((0, codegen_1._)`${count} >= ${min}`, () => gen.assign(valid, true).break());
          } else {
            gen.if((0, codegen_1._)`${count} > ${max}`, () => gen.assign(valid, false).break());
            if (min === 1)
              gen.assign(valid, true);
            else
              gen.if((0, codegen_1._)`${count} >= ${min}`, () => gen.assign(valid, true));
          }
        }
      }
    };
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/applicator/dependencies.js
var require_dependencies = __commonJS({
  "node_modules/ajv/dist/vocabularies/applicator/dependencies.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.validateSchemaDeps = exports.validatePropertyDeps = exports.error = void 0;
    var codegen_1 = require_codegen();
    var util_1 = require_util();
    var code_1 = require_code2();
    exports.error = {
      message: ({ params: { property, depsCount, deps } }) => {
        const property_ies = depsCount === 1 ? "property" : "properties";
        return (0, codegen_1.str)`must have ${property_ies} ${deps} when property ${property} is present`;
      },
      params: ({ params: { property, depsCount, deps, missingProperty } }) => (0, codegen_1._)`{property: ${property},
    missingProperty: ${missingProperty},
    depsCount: ${depsCount},
    deps: ${deps}}`
      // TODO change to reference
    };
    var def = {
      keyword: "dependencies",
      type: "object",
      schemaType: "object",
      error: exports.error,
      code(cxt) {
        const [propDeps, schDeps] = splitDependencies(cxt);
        validatePropertyDeps(cxt, propDeps);
        validateSchemaDeps(cxt, schDeps);
      }
    };
    function splitDependencies({ schema }) {
      const propertyDeps = {};
      const schemaDeps = {};
      for (const key in schema) {
        if (key === "__proto__")
          continue;
        const deps = Array.isArray(schema[key]) ? propertyDeps : schemaDeps;
        deps[key] = schema[key];
      }
      return [propertyDeps, schemaDeps];
    }
    function validatePropertyDeps(cxt, propertyDeps = cxt.schema) {
      const { gen, data, it } = cxt;
      if (Object.keys(propertyDeps).length === 0)
        return;
      const missing = gen.let("missing");
      for (const prop in propertyDeps) {
        const deps = propertyDeps[prop];
        if (deps.length === 0)
          continue;
        const hasProperty = (0, code_1.propertyInData)(gen, data, prop, it.opts.ownProperties);
        cxt.setParams({
          property: prop,
          depsCount: deps.length,
          deps: deps.join(", ")
        });
        if (it.allErrors) {
          gen.if(hasProperty, () => {
            for (const depProp of deps) {
              (0, code_1.checkReportMissingProp)(cxt, depProp);
            }
          });
        } else {
          gen.if((0, codegen_1._)`${hasProperty} && (${(0, code_1.checkMissingProp)(cxt, deps, missing)})`);
          (0, code_1.reportMissingProp)(cxt, missing);
          gen.else();
        }
      }
    }
    exports.validatePropertyDeps = validatePropertyDeps;
    function validateSchemaDeps(cxt, schemaDeps = cxt.schema) {
      const { gen, data, keyword, it } = cxt;
      const valid = gen.name("valid");
      for (const prop in schemaDeps) {
        if ((0, util_1.alwaysValidSchema)(it, schemaDeps[prop]))
          continue;
        gen.if(
          (0, code_1.propertyInData)(gen, data, prop, it.opts.ownProperties),
          () => {
            const schCxt = cxt.subschema({ keyword, schemaProp: prop }, valid);
            cxt.mergeValidEvaluated(schCxt, valid);
          },
          () => gen.var(valid, true)
          // TODO var
        );
        cxt.ok(valid);
      }
    }
    exports.validateSchemaDeps = validateSchemaDeps;
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/applicator/propertyNames.js
var require_propertyNames = __commonJS({
  "node_modules/ajv/dist/vocabularies/applicator/propertyNames.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var codegen_1 = require_codegen();
    var util_1 = require_util();
    var error = {
      message: "property name must be valid",
      params: ({ params }) => (0, codegen_1._)`{propertyName: ${params.propertyName}}`
    };
    var def = {
      keyword: "propertyNames",
      type: "object",
      schemaType: ["object", "boolean"],
      error,
      code(cxt) {
        const { gen, schema, data, it } = cxt;
        if ((0, util_1.alwaysValidSchema)(it, schema))
          return;
        const valid = gen.name("valid");
        gen.forIn("key", data, (key) => {
          cxt.setParams({ propertyName: key });
          cxt.subschema({
            keyword: "propertyNames",
            data: key,
            dataTypes: ["string"],
            propertyName: key,
            compositeRule: true
          }, valid);
          gen.if((0, codegen_1.not)(valid), () => {
            cxt.error(true);
            if (!it.allErrors)
              gen.break();
          });
        });
        cxt.ok(valid);
      }
    };
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/applicator/additionalProperties.js
var require_additionalProperties = __commonJS({
  "node_modules/ajv/dist/vocabularies/applicator/additionalProperties.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var code_1 = require_code2();
    var codegen_1 = require_codegen();
    var names_1 = require_names();
    var util_1 = require_util();
    var error = {
      message: "must NOT have additional properties",
      params: ({ params }) => (0, codegen_1._)`{additionalProperty: ${params.additionalProperty}}`
    };
    var def = {
      keyword: "additionalProperties",
      type: ["object"],
      schemaType: ["boolean", "object"],
      allowUndefined: true,
      trackErrors: true,
      error,
      code(cxt) {
        const { gen, schema, parentSchema, data, errsCount, it } = cxt;
        if (!errsCount)
          throw new Error("ajv implementation error");
        const { allErrors, opts } = it;
        it.props = true;
        if (opts.removeAdditional !== "all" && (0, util_1.alwaysValidSchema)(it, schema))
          return;
        const props = (0, code_1.allSchemaProperties)(parentSchema.properties);
        const patProps = (0, code_1.allSchemaProperties)(parentSchema.patternProperties);
        checkAdditionalProperties();
        cxt.ok((0, codegen_1._)`${errsCount} === ${names_1.default.errors}`);
        function checkAdditionalProperties() {
          gen.forIn("key", data, (key) => {
            if (!props.length && !patProps.length)
              additionalPropertyCode(key);
            else
              gen.if(isAdditional(key), () => additionalPropertyCode(key));
          });
        }
        function isAdditional(key) {
          let definedProp;
          if (props.length > 8) {
            const propsSchema = (0, util_1.schemaRefOrVal)(it, parentSchema.properties, "properties");
            definedProp = (0, code_1.isOwnProperty)(gen, propsSchema, key);
          } else if (props.length) {
            definedProp = (0, codegen_1.or)(...props.map((p) => (0, codegen_1._)`${key} === ${p}`));
          } else {
            definedProp = codegen_1.nil;
          }
          if (patProps.length) {
            definedProp = (0, codegen_1.or)(definedProp, ...patProps.map((p) => (0, codegen_1._)`${(0, code_1.usePattern)(cxt, p)}.test(${key})`));
          }
          return (0, codegen_1.not)(definedProp);
        }
        function deleteAdditional(key) {
          gen.code((0, codegen_1._)`delete ${data}[${key}]`);
        }
        function additionalPropertyCode(key) {
          if (opts.removeAdditional === "all" || opts.removeAdditional && schema === false) {
            deleteAdditional(key);
            return;
          }
          if (schema === false) {
            cxt.setParams({ additionalProperty: key });
            cxt.error();
            if (!allErrors)
              gen.break();
            return;
          }
          if (typeof schema == "object" && !(0, util_1.alwaysValidSchema)(it, schema)) {
            const valid = gen.name("valid");
            if (opts.removeAdditional === "failing") {
              applyAdditionalSchema(key, valid, false);
              gen.if((0, codegen_1.not)(valid), () => {
                cxt.reset();
                deleteAdditional(key);
              });
            } else {
              applyAdditionalSchema(key, valid);
              if (!allErrors)
                gen.if((0, codegen_1.not)(valid), () => gen.break());
            }
          }
        }
        function applyAdditionalSchema(key, valid, errors) {
          const subschema = {
            keyword: "additionalProperties",
            dataProp: key,
            dataPropType: util_1.Type.Str
          };
          if (errors === false) {
            Object.assign(subschema, {
              compositeRule: true,
              createErrors: false,
              allErrors: false
            });
          }
          cxt.subschema(subschema, valid);
        }
      }
    };
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/applicator/properties.js
var require_properties = __commonJS({
  "node_modules/ajv/dist/vocabularies/applicator/properties.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var validate_1 = require_validate();
    var code_1 = require_code2();
    var util_1 = require_util();
    var additionalProperties_1 = require_additionalProperties();
    var def = {
      keyword: "properties",
      type: "object",
      schemaType: "object",
      code(cxt) {
        const { gen, schema, parentSchema, data, it } = cxt;
        if (it.opts.removeAdditional === "all" && parentSchema.additionalProperties === void 0) {
          additionalProperties_1.default.code(new validate_1.KeywordCxt(it, additionalProperties_1.default, "additionalProperties"));
        }
        const allProps = (0, code_1.allSchemaProperties)(schema);
        for (const prop of allProps) {
          it.definedProperties.add(prop);
        }
        if (it.opts.unevaluated && allProps.length && it.props !== true) {
          it.props = util_1.mergeEvaluated.props(gen, (0, util_1.toHash)(allProps), it.props);
        }
        const properties = allProps.filter((p) => !(0, util_1.alwaysValidSchema)(it, schema[p]));
        if (properties.length === 0)
          return;
        const valid = gen.name("valid");
        for (const prop of properties) {
          if (hasDefault(prop)) {
            applyPropertySchema(prop);
          } else {
            gen.if((0, code_1.propertyInData)(gen, data, prop, it.opts.ownProperties));
            applyPropertySchema(prop);
            if (!it.allErrors)
              gen.else().var(valid, true);
            gen.endIf();
          }
          cxt.it.definedProperties.add(prop);
          cxt.ok(valid);
        }
        function hasDefault(prop) {
          return it.opts.useDefaults && !it.compositeRule && schema[prop].default !== void 0;
        }
        function applyPropertySchema(prop) {
          cxt.subschema({
            keyword: "properties",
            schemaProp: prop,
            dataProp: prop
          }, valid);
        }
      }
    };
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/applicator/patternProperties.js
var require_patternProperties = __commonJS({
  "node_modules/ajv/dist/vocabularies/applicator/patternProperties.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var code_1 = require_code2();
    var codegen_1 = require_codegen();
    var util_1 = require_util();
    var util_2 = require_util();
    var def = {
      keyword: "patternProperties",
      type: "object",
      schemaType: "object",
      code(cxt) {
        const { gen, schema, data, parentSchema, it } = cxt;
        const { opts } = it;
        const patterns = (0, code_1.allSchemaProperties)(schema);
        const alwaysValidPatterns = patterns.filter((p) => (0, util_1.alwaysValidSchema)(it, schema[p]));
        if (patterns.length === 0 || alwaysValidPatterns.length === patterns.length && (!it.opts.unevaluated || it.props === true)) {
          return;
        }
        const checkProperties = opts.strictSchema && !opts.allowMatchingProperties && parentSchema.properties;
        const valid = gen.name("valid");
        if (it.props !== true && !(it.props instanceof codegen_1.Name)) {
          it.props = (0, util_2.evaluatedPropsToName)(gen, it.props);
        }
        const { props } = it;
        validatePatternProperties();
        function validatePatternProperties() {
          for (const pat of patterns) {
            if (checkProperties)
              checkMatchingProperties(pat);
            if (it.allErrors) {
              validateProperties(pat);
            } else {
              gen.var(valid, true);
              validateProperties(pat);
              gen.if(valid);
            }
          }
        }
        function checkMatchingProperties(pat) {
          for (const prop in checkProperties) {
            if (new RegExp(pat).test(prop)) {
              (0, util_1.checkStrictMode)(it, `property ${prop} matches pattern ${pat} (use allowMatchingProperties)`);
            }
          }
        }
        function validateProperties(pat) {
          gen.forIn("key", data, (key) => {
            gen.if((0, codegen_1._)`${(0, code_1.usePattern)(cxt, pat)}.test(${key})`, () => {
              const alwaysValid = alwaysValidPatterns.includes(pat);
              if (!alwaysValid) {
                cxt.subschema({
                  keyword: "patternProperties",
                  schemaProp: pat,
                  dataProp: key,
                  dataPropType: util_2.Type.Str
                }, valid);
              }
              if (it.opts.unevaluated && props !== true) {
                gen.assign((0, codegen_1._)`${props}[${key}]`, true);
              } else if (!alwaysValid && !it.allErrors) {
                gen.if((0, codegen_1.not)(valid), () => gen.break());
              }
            });
          });
        }
      }
    };
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/applicator/not.js
var require_not = __commonJS({
  "node_modules/ajv/dist/vocabularies/applicator/not.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var util_1 = require_util();
    var def = {
      keyword: "not",
      schemaType: ["object", "boolean"],
      trackErrors: true,
      code(cxt) {
        const { gen, schema, it } = cxt;
        if ((0, util_1.alwaysValidSchema)(it, schema)) {
          cxt.fail();
          return;
        }
        const valid = gen.name("valid");
        cxt.subschema({
          keyword: "not",
          compositeRule: true,
          createErrors: false,
          allErrors: false
        }, valid);
        cxt.failResult(valid, () => cxt.reset(), () => cxt.error());
      },
      error: { message: "must NOT be valid" }
    };
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/applicator/anyOf.js
var require_anyOf = __commonJS({
  "node_modules/ajv/dist/vocabularies/applicator/anyOf.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var code_1 = require_code2();
    var def = {
      keyword: "anyOf",
      schemaType: "array",
      trackErrors: true,
      code: code_1.validateUnion,
      error: { message: "must match a schema in anyOf" }
    };
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/applicator/oneOf.js
var require_oneOf = __commonJS({
  "node_modules/ajv/dist/vocabularies/applicator/oneOf.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var codegen_1 = require_codegen();
    var util_1 = require_util();
    var error = {
      message: "must match exactly one schema in oneOf",
      params: ({ params }) => (0, codegen_1._)`{passingSchemas: ${params.passing}}`
    };
    var def = {
      keyword: "oneOf",
      schemaType: "array",
      trackErrors: true,
      error,
      code(cxt) {
        const { gen, schema, parentSchema, it } = cxt;
        if (!Array.isArray(schema))
          throw new Error("ajv implementation error");
        if (it.opts.discriminator && parentSchema.discriminator)
          return;
        const schArr = schema;
        const valid = gen.let("valid", false);
        const passing = gen.let("passing", null);
        const schValid = gen.name("_valid");
        cxt.setParams({ passing });
        gen.block(validateOneOf);
        cxt.result(valid, () => cxt.reset(), () => cxt.error(true));
        function validateOneOf() {
          schArr.forEach((sch, i) => {
            let schCxt;
            if ((0, util_1.alwaysValidSchema)(it, sch)) {
              gen.var(schValid, true);
            } else {
              schCxt = cxt.subschema({
                keyword: "oneOf",
                schemaProp: i,
                compositeRule: true
              }, schValid);
            }
            if (i > 0) {
              gen.if((0, codegen_1._)`${schValid} && ${valid}`).assign(valid, false).assign(passing, (0, codegen_1._)`[${passing}, ${i}]`).else();
            }
            gen.if(schValid, () => {
              gen.assign(valid, true);
              gen.assign(passing, i);
              if (schCxt)
                cxt.mergeEvaluated(schCxt, codegen_1.Name);
            });
          });
        }
      }
    };
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/applicator/allOf.js
var require_allOf = __commonJS({
  "node_modules/ajv/dist/vocabularies/applicator/allOf.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var util_1 = require_util();
    var def = {
      keyword: "allOf",
      schemaType: "array",
      code(cxt) {
        const { gen, schema, it } = cxt;
        if (!Array.isArray(schema))
          throw new Error("ajv implementation error");
        const valid = gen.name("valid");
        schema.forEach((sch, i) => {
          if ((0, util_1.alwaysValidSchema)(it, sch))
            return;
          const schCxt = cxt.subschema({ keyword: "allOf", schemaProp: i }, valid);
          cxt.ok(valid);
          cxt.mergeEvaluated(schCxt);
        });
      }
    };
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/applicator/if.js
var require_if = __commonJS({
  "node_modules/ajv/dist/vocabularies/applicator/if.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var codegen_1 = require_codegen();
    var util_1 = require_util();
    var error = {
      message: ({ params }) => (0, codegen_1.str)`must match "${params.ifClause}" schema`,
      params: ({ params }) => (0, codegen_1._)`{failingKeyword: ${params.ifClause}}`
    };
    var def = {
      keyword: "if",
      schemaType: ["object", "boolean"],
      trackErrors: true,
      error,
      code(cxt) {
        const { gen, parentSchema, it } = cxt;
        if (parentSchema.then === void 0 && parentSchema.else === void 0) {
          (0, util_1.checkStrictMode)(it, '"if" without "then" and "else" is ignored');
        }
        const hasThen = hasSchema(it, "then");
        const hasElse = hasSchema(it, "else");
        if (!hasThen && !hasElse)
          return;
        const valid = gen.let("valid", true);
        const schValid = gen.name("_valid");
        validateIf();
        cxt.reset();
        if (hasThen && hasElse) {
          const ifClause = gen.let("ifClause");
          cxt.setParams({ ifClause });
          gen.if(schValid, validateClause("then", ifClause), validateClause("else", ifClause));
        } else if (hasThen) {
          gen.if(schValid, validateClause("then"));
        } else {
          gen.if((0, codegen_1.not)(schValid), validateClause("else"));
        }
        cxt.pass(valid, () => cxt.error(true));
        function validateIf() {
          const schCxt = cxt.subschema({
            keyword: "if",
            compositeRule: true,
            createErrors: false,
            allErrors: false
          }, schValid);
          cxt.mergeEvaluated(schCxt);
        }
        function validateClause(keyword, ifClause) {
          return () => {
            const schCxt = cxt.subschema({ keyword }, schValid);
            gen.assign(valid, schValid);
            cxt.mergeValidEvaluated(schCxt, valid);
            if (ifClause)
              gen.assign(ifClause, (0, codegen_1._)`${keyword}`);
            else
              cxt.setParams({ ifClause: keyword });
          };
        }
      }
    };
    function hasSchema(it, keyword) {
      const schema = it.schema[keyword];
      return schema !== void 0 && !(0, util_1.alwaysValidSchema)(it, schema);
    }
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/applicator/thenElse.js
var require_thenElse = __commonJS({
  "node_modules/ajv/dist/vocabularies/applicator/thenElse.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var util_1 = require_util();
    var def = {
      keyword: ["then", "else"],
      schemaType: ["object", "boolean"],
      code({ keyword, parentSchema, it }) {
        if (parentSchema.if === void 0)
          (0, util_1.checkStrictMode)(it, `"${keyword}" without "if" is ignored`);
      }
    };
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/applicator/index.js
var require_applicator = __commonJS({
  "node_modules/ajv/dist/vocabularies/applicator/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var additionalItems_1 = require_additionalItems();
    var prefixItems_1 = require_prefixItems();
    var items_1 = require_items();
    var items2020_1 = require_items2020();
    var contains_1 = require_contains();
    var dependencies_1 = require_dependencies();
    var propertyNames_1 = require_propertyNames();
    var additionalProperties_1 = require_additionalProperties();
    var properties_1 = require_properties();
    var patternProperties_1 = require_patternProperties();
    var not_1 = require_not();
    var anyOf_1 = require_anyOf();
    var oneOf_1 = require_oneOf();
    var allOf_1 = require_allOf();
    var if_1 = require_if();
    var thenElse_1 = require_thenElse();
    function getApplicator(draft2020 = false) {
      const applicator = [
        // any
        not_1.default,
        anyOf_1.default,
        oneOf_1.default,
        allOf_1.default,
        if_1.default,
        thenElse_1.default,
        // object
        propertyNames_1.default,
        additionalProperties_1.default,
        dependencies_1.default,
        properties_1.default,
        patternProperties_1.default
      ];
      if (draft2020)
        applicator.push(prefixItems_1.default, items2020_1.default);
      else
        applicator.push(additionalItems_1.default, items_1.default);
      applicator.push(contains_1.default);
      return applicator;
    }
    exports.default = getApplicator;
  }
});

// node_modules/ajv/dist/vocabularies/format/format.js
var require_format = __commonJS({
  "node_modules/ajv/dist/vocabularies/format/format.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var codegen_1 = require_codegen();
    var error = {
      message: ({ schemaCode }) => (0, codegen_1.str)`must match format "${schemaCode}"`,
      params: ({ schemaCode }) => (0, codegen_1._)`{format: ${schemaCode}}`
    };
    var def = {
      keyword: "format",
      type: ["number", "string"],
      schemaType: "string",
      $data: true,
      error,
      code(cxt, ruleType) {
        const { gen, data, $data, schema, schemaCode, it } = cxt;
        const { opts, errSchemaPath, schemaEnv, self } = it;
        if (!opts.validateFormats)
          return;
        if ($data)
          validate$DataFormat();
        else
          validateFormat();
        function validate$DataFormat() {
          const fmts = gen.scopeValue("formats", {
            ref: self.formats,
            code: opts.code.formats
          });
          const fDef = gen.const("fDef", (0, codegen_1._)`${fmts}[${schemaCode}]`);
          const fType = gen.let("fType");
          const format = gen.let("format");
          gen.if((0, codegen_1._)`typeof ${fDef} == "object" && !(${fDef} instanceof RegExp)`, () => gen.assign(fType, (0, codegen_1._)`${fDef}.type || "string"`).assign(format, (0, codegen_1._)`${fDef}.validate`), () => gen.assign(fType, (0, codegen_1._)`"string"`).assign(format, fDef));
          cxt.fail$data((0, codegen_1.or)(unknownFmt(), invalidFmt()));
          function unknownFmt() {
            if (opts.strictSchema === false)
              return codegen_1.nil;
            return (0, codegen_1._)`${schemaCode} && !${format}`;
          }
          function invalidFmt() {
            const callFormat = schemaEnv.$async ? (0, codegen_1._)`(${fDef}.async ? await ${format}(${data}) : ${format}(${data}))` : (0, codegen_1._)`${format}(${data})`;
            const validData = (0, codegen_1._)`(typeof ${format} == "function" ? ${callFormat} : ${format}.test(${data}))`;
            return (0, codegen_1._)`${format} && ${format} !== true && ${fType} === ${ruleType} && !${validData}`;
          }
        }
        function validateFormat() {
          const formatDef = self.formats[schema];
          if (!formatDef) {
            unknownFormat();
            return;
          }
          if (formatDef === true)
            return;
          const [fmtType, format, fmtRef] = getFormat(formatDef);
          if (fmtType === ruleType)
            cxt.pass(validCondition());
          function unknownFormat() {
            if (opts.strictSchema === false) {
              self.logger.warn(unknownMsg());
              return;
            }
            throw new Error(unknownMsg());
            function unknownMsg() {
              return `unknown format "${schema}" ignored in schema at path "${errSchemaPath}"`;
            }
          }
          function getFormat(fmtDef) {
            const code2 = fmtDef instanceof RegExp ? (0, codegen_1.regexpCode)(fmtDef) : opts.code.formats ? (0, codegen_1._)`${opts.code.formats}${(0, codegen_1.getProperty)(schema)}` : void 0;
            const fmt2 = gen.scopeValue("formats", { key: schema, ref: fmtDef, code: code2 });
            if (typeof fmtDef == "object" && !(fmtDef instanceof RegExp)) {
              return [fmtDef.type || "string", fmtDef.validate, (0, codegen_1._)`${fmt2}.validate`];
            }
            return ["string", fmtDef, fmt2];
          }
          function validCondition() {
            if (typeof formatDef == "object" && !(formatDef instanceof RegExp) && formatDef.async) {
              if (!schemaEnv.$async)
                throw new Error("async format in sync schema");
              return (0, codegen_1._)`await ${fmtRef}(${data})`;
            }
            return typeof format == "function" ? (0, codegen_1._)`${fmtRef}(${data})` : (0, codegen_1._)`${fmtRef}.test(${data})`;
          }
        }
      }
    };
    exports.default = def;
  }
});

// node_modules/ajv/dist/vocabularies/format/index.js
var require_format2 = __commonJS({
  "node_modules/ajv/dist/vocabularies/format/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var format_1 = require_format();
    var format = [format_1.default];
    exports.default = format;
  }
});

// node_modules/ajv/dist/vocabularies/metadata.js
var require_metadata = __commonJS({
  "node_modules/ajv/dist/vocabularies/metadata.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.contentVocabulary = exports.metadataVocabulary = void 0;
    exports.metadataVocabulary = [
      "title",
      "description",
      "default",
      "deprecated",
      "readOnly",
      "writeOnly",
      "examples"
    ];
    exports.contentVocabulary = [
      "contentMediaType",
      "contentEncoding",
      "contentSchema"
    ];
  }
});

// node_modules/ajv/dist/vocabularies/draft7.js
var require_draft7 = __commonJS({
  "node_modules/ajv/dist/vocabularies/draft7.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var core_1 = require_core2();
    var validation_1 = require_validation();
    var applicator_1 = require_applicator();
    var format_1 = require_format2();
    var metadata_1 = require_metadata();
    var draft7Vocabularies = [
      core_1.default,
      validation_1.default,
      (0, applicator_1.default)(),
      format_1.default,
      metadata_1.metadataVocabulary,
      metadata_1.contentVocabulary
    ];
    exports.default = draft7Vocabularies;
  }
});

// node_modules/ajv/dist/vocabularies/discriminator/types.js
var require_types = __commonJS({
  "node_modules/ajv/dist/vocabularies/discriminator/types.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.DiscrError = void 0;
    var DiscrError;
    (function(DiscrError2) {
      DiscrError2["Tag"] = "tag";
      DiscrError2["Mapping"] = "mapping";
    })(DiscrError || (exports.DiscrError = DiscrError = {}));
  }
});

// node_modules/ajv/dist/vocabularies/discriminator/index.js
var require_discriminator = __commonJS({
  "node_modules/ajv/dist/vocabularies/discriminator/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var codegen_1 = require_codegen();
    var types_1 = require_types();
    var compile_1 = require_compile();
    var ref_error_1 = require_ref_error();
    var util_1 = require_util();
    var error = {
      message: ({ params: { discrError, tagName } }) => discrError === types_1.DiscrError.Tag ? `tag "${tagName}" must be string` : `value of tag "${tagName}" must be in oneOf`,
      params: ({ params: { discrError, tag, tagName } }) => (0, codegen_1._)`{error: ${discrError}, tag: ${tagName}, tagValue: ${tag}}`
    };
    var def = {
      keyword: "discriminator",
      type: "object",
      schemaType: "object",
      error,
      code(cxt) {
        const { gen, data, schema, parentSchema, it } = cxt;
        const { oneOf } = parentSchema;
        if (!it.opts.discriminator) {
          throw new Error("discriminator: requires discriminator option");
        }
        const tagName = schema.propertyName;
        if (typeof tagName != "string")
          throw new Error("discriminator: requires propertyName");
        if (schema.mapping)
          throw new Error("discriminator: mapping is not supported");
        if (!oneOf)
          throw new Error("discriminator: requires oneOf keyword");
        const valid = gen.let("valid", false);
        const tag = gen.const("tag", (0, codegen_1._)`${data}${(0, codegen_1.getProperty)(tagName)}`);
        gen.if((0, codegen_1._)`typeof ${tag} == "string"`, () => validateMapping(), () => cxt.error(false, { discrError: types_1.DiscrError.Tag, tag, tagName }));
        cxt.ok(valid);
        function validateMapping() {
          const mapping = getMapping();
          gen.if(false);
          for (const tagValue in mapping) {
            gen.elseIf((0, codegen_1._)`${tag} === ${tagValue}`);
            gen.assign(valid, applyTagSchema(mapping[tagValue]));
          }
          gen.else();
          cxt.error(false, { discrError: types_1.DiscrError.Mapping, tag, tagName });
          gen.endIf();
        }
        function applyTagSchema(schemaProp) {
          const _valid = gen.name("valid");
          const schCxt = cxt.subschema({ keyword: "oneOf", schemaProp }, _valid);
          cxt.mergeEvaluated(schCxt, codegen_1.Name);
          return _valid;
        }
        function getMapping() {
          var _a;
          const oneOfMapping = {};
          const topRequired = hasRequired(parentSchema);
          let tagRequired = true;
          for (let i = 0; i < oneOf.length; i++) {
            let sch = oneOf[i];
            if ((sch === null || sch === void 0 ? void 0 : sch.$ref) && !(0, util_1.schemaHasRulesButRef)(sch, it.self.RULES)) {
              const ref = sch.$ref;
              sch = compile_1.resolveRef.call(it.self, it.schemaEnv.root, it.baseId, ref);
              if (sch instanceof compile_1.SchemaEnv)
                sch = sch.schema;
              if (sch === void 0)
                throw new ref_error_1.default(it.opts.uriResolver, it.baseId, ref);
            }
            const propSch = (_a = sch === null || sch === void 0 ? void 0 : sch.properties) === null || _a === void 0 ? void 0 : _a[tagName];
            if (typeof propSch != "object") {
              throw new Error(`discriminator: oneOf subschemas (or referenced schemas) must have "properties/${tagName}"`);
            }
            tagRequired = tagRequired && (topRequired || hasRequired(sch));
            addMappings(propSch, i);
          }
          if (!tagRequired)
            throw new Error(`discriminator: "${tagName}" must be required`);
          return oneOfMapping;
          function hasRequired({ required }) {
            return Array.isArray(required) && required.includes(tagName);
          }
          function addMappings(sch, i) {
            if (sch.const) {
              addMapping(sch.const, i);
            } else if (sch.enum) {
              for (const tagValue of sch.enum) {
                addMapping(tagValue, i);
              }
            } else {
              throw new Error(`discriminator: "properties/${tagName}" must have "const" or "enum"`);
            }
          }
          function addMapping(tagValue, i) {
            if (typeof tagValue != "string" || tagValue in oneOfMapping) {
              throw new Error(`discriminator: "${tagName}" values must be unique strings`);
            }
            oneOfMapping[tagValue] = i;
          }
        }
      }
    };
    exports.default = def;
  }
});

// node_modules/ajv/dist/refs/json-schema-draft-07.json
var require_json_schema_draft_07 = __commonJS({
  "node_modules/ajv/dist/refs/json-schema-draft-07.json"(exports, module) {
    module.exports = {
      $schema: "http://json-schema.org/draft-07/schema#",
      $id: "http://json-schema.org/draft-07/schema#",
      title: "Core schema meta-schema",
      definitions: {
        schemaArray: {
          type: "array",
          minItems: 1,
          items: { $ref: "#" }
        },
        nonNegativeInteger: {
          type: "integer",
          minimum: 0
        },
        nonNegativeIntegerDefault0: {
          allOf: [{ $ref: "#/definitions/nonNegativeInteger" }, { default: 0 }]
        },
        simpleTypes: {
          enum: ["array", "boolean", "integer", "null", "number", "object", "string"]
        },
        stringArray: {
          type: "array",
          items: { type: "string" },
          uniqueItems: true,
          default: []
        }
      },
      type: ["object", "boolean"],
      properties: {
        $id: {
          type: "string",
          format: "uri-reference"
        },
        $schema: {
          type: "string",
          format: "uri"
        },
        $ref: {
          type: "string",
          format: "uri-reference"
        },
        $comment: {
          type: "string"
        },
        title: {
          type: "string"
        },
        description: {
          type: "string"
        },
        default: true,
        readOnly: {
          type: "boolean",
          default: false
        },
        examples: {
          type: "array",
          items: true
        },
        multipleOf: {
          type: "number",
          exclusiveMinimum: 0
        },
        maximum: {
          type: "number"
        },
        exclusiveMaximum: {
          type: "number"
        },
        minimum: {
          type: "number"
        },
        exclusiveMinimum: {
          type: "number"
        },
        maxLength: { $ref: "#/definitions/nonNegativeInteger" },
        minLength: { $ref: "#/definitions/nonNegativeIntegerDefault0" },
        pattern: {
          type: "string",
          format: "regex"
        },
        additionalItems: { $ref: "#" },
        items: {
          anyOf: [{ $ref: "#" }, { $ref: "#/definitions/schemaArray" }],
          default: true
        },
        maxItems: { $ref: "#/definitions/nonNegativeInteger" },
        minItems: { $ref: "#/definitions/nonNegativeIntegerDefault0" },
        uniqueItems: {
          type: "boolean",
          default: false
        },
        contains: { $ref: "#" },
        maxProperties: { $ref: "#/definitions/nonNegativeInteger" },
        minProperties: { $ref: "#/definitions/nonNegativeIntegerDefault0" },
        required: { $ref: "#/definitions/stringArray" },
        additionalProperties: { $ref: "#" },
        definitions: {
          type: "object",
          additionalProperties: { $ref: "#" },
          default: {}
        },
        properties: {
          type: "object",
          additionalProperties: { $ref: "#" },
          default: {}
        },
        patternProperties: {
          type: "object",
          additionalProperties: { $ref: "#" },
          propertyNames: { format: "regex" },
          default: {}
        },
        dependencies: {
          type: "object",
          additionalProperties: {
            anyOf: [{ $ref: "#" }, { $ref: "#/definitions/stringArray" }]
          }
        },
        propertyNames: { $ref: "#" },
        const: true,
        enum: {
          type: "array",
          items: true,
          minItems: 1,
          uniqueItems: true
        },
        type: {
          anyOf: [
            { $ref: "#/definitions/simpleTypes" },
            {
              type: "array",
              items: { $ref: "#/definitions/simpleTypes" },
              minItems: 1,
              uniqueItems: true
            }
          ]
        },
        format: { type: "string" },
        contentMediaType: { type: "string" },
        contentEncoding: { type: "string" },
        if: { $ref: "#" },
        then: { $ref: "#" },
        else: { $ref: "#" },
        allOf: { $ref: "#/definitions/schemaArray" },
        anyOf: { $ref: "#/definitions/schemaArray" },
        oneOf: { $ref: "#/definitions/schemaArray" },
        not: { $ref: "#" }
      },
      default: true
    };
  }
});

// node_modules/ajv/dist/ajv.js
var require_ajv = __commonJS({
  "node_modules/ajv/dist/ajv.js"(exports, module) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.MissingRefError = exports.ValidationError = exports.CodeGen = exports.Name = exports.nil = exports.stringify = exports.str = exports._ = exports.KeywordCxt = exports.Ajv = void 0;
    var core_1 = require_core();
    var draft7_1 = require_draft7();
    var discriminator_1 = require_discriminator();
    var draft7MetaSchema = require_json_schema_draft_07();
    var META_SUPPORT_DATA = ["/properties"];
    var META_SCHEMA_ID = "http://json-schema.org/draft-07/schema";
    var Ajv3 = class extends core_1.default {
      _addVocabularies() {
        super._addVocabularies();
        draft7_1.default.forEach((v) => this.addVocabulary(v));
        if (this.opts.discriminator)
          this.addKeyword(discriminator_1.default);
      }
      _addDefaultMetaSchema() {
        super._addDefaultMetaSchema();
        if (!this.opts.meta)
          return;
        const metaSchema = this.opts.$data ? this.$dataMetaSchema(draft7MetaSchema, META_SUPPORT_DATA) : draft7MetaSchema;
        this.addMetaSchema(metaSchema, META_SCHEMA_ID, false);
        this.refs["http://json-schema.org/schema"] = META_SCHEMA_ID;
      }
      defaultMeta() {
        return this.opts.defaultMeta = super.defaultMeta() || (this.getSchema(META_SCHEMA_ID) ? META_SCHEMA_ID : void 0);
      }
    };
    exports.Ajv = Ajv3;
    module.exports = exports = Ajv3;
    module.exports.Ajv = Ajv3;
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.default = Ajv3;
    var validate_1 = require_validate();
    Object.defineProperty(exports, "KeywordCxt", { enumerable: true, get: function() {
      return validate_1.KeywordCxt;
    } });
    var codegen_1 = require_codegen();
    Object.defineProperty(exports, "_", { enumerable: true, get: function() {
      return codegen_1._;
    } });
    Object.defineProperty(exports, "str", { enumerable: true, get: function() {
      return codegen_1.str;
    } });
    Object.defineProperty(exports, "stringify", { enumerable: true, get: function() {
      return codegen_1.stringify;
    } });
    Object.defineProperty(exports, "nil", { enumerable: true, get: function() {
      return codegen_1.nil;
    } });
    Object.defineProperty(exports, "Name", { enumerable: true, get: function() {
      return codegen_1.Name;
    } });
    Object.defineProperty(exports, "CodeGen", { enumerable: true, get: function() {
      return codegen_1.CodeGen;
    } });
    var validation_error_1 = require_validation_error();
    Object.defineProperty(exports, "ValidationError", { enumerable: true, get: function() {
      return validation_error_1.default;
    } });
    var ref_error_1 = require_ref_error();
    Object.defineProperty(exports, "MissingRefError", { enumerable: true, get: function() {
      return ref_error_1.default;
    } });
  }
});

// node_modules/fastest-levenshtein/mod.js
var require_mod = __commonJS({
  "node_modules/fastest-levenshtein/mod.js"(exports) {
    "use strict";
    exports.__esModule = true;
    exports.distance = exports.closest = void 0;
    var peq = new Uint32Array(65536);
    var myers_32 = function(a, b) {
      var n = a.length;
      var m = b.length;
      var lst = 1 << n - 1;
      var pv = -1;
      var mv = 0;
      var sc = n;
      var i = n;
      while (i--) {
        peq[a.charCodeAt(i)] |= 1 << i;
      }
      for (i = 0; i < m; i++) {
        var eq = peq[b.charCodeAt(i)];
        var xv = eq | mv;
        eq |= (eq & pv) + pv ^ pv;
        mv |= ~(eq | pv);
        pv &= eq;
        if (mv & lst) {
          sc++;
        }
        if (pv & lst) {
          sc--;
        }
        mv = mv << 1 | 1;
        pv = pv << 1 | ~(xv | mv);
        mv &= xv;
      }
      i = n;
      while (i--) {
        peq[a.charCodeAt(i)] = 0;
      }
      return sc;
    };
    var myers_x = function(b, a) {
      var n = a.length;
      var m = b.length;
      var mhc = [];
      var phc = [];
      var hsize = Math.ceil(n / 32);
      var vsize = Math.ceil(m / 32);
      for (var i = 0; i < hsize; i++) {
        phc[i] = -1;
        mhc[i] = 0;
      }
      var j = 0;
      for (; j < vsize - 1; j++) {
        var mv_1 = 0;
        var pv_1 = -1;
        var start_1 = j * 32;
        var vlen_1 = Math.min(32, m) + start_1;
        for (var k = start_1; k < vlen_1; k++) {
          peq[b.charCodeAt(k)] |= 1 << k;
        }
        for (var i = 0; i < n; i++) {
          var eq = peq[a.charCodeAt(i)];
          var pb = phc[i / 32 | 0] >>> i & 1;
          var mb = mhc[i / 32 | 0] >>> i & 1;
          var xv = eq | mv_1;
          var xh = ((eq | mb) & pv_1) + pv_1 ^ pv_1 | eq | mb;
          var ph = mv_1 | ~(xh | pv_1);
          var mh = pv_1 & xh;
          if (ph >>> 31 ^ pb) {
            phc[i / 32 | 0] ^= 1 << i;
          }
          if (mh >>> 31 ^ mb) {
            mhc[i / 32 | 0] ^= 1 << i;
          }
          ph = ph << 1 | pb;
          mh = mh << 1 | mb;
          pv_1 = mh | ~(xv | ph);
          mv_1 = ph & xv;
        }
        for (var k = start_1; k < vlen_1; k++) {
          peq[b.charCodeAt(k)] = 0;
        }
      }
      var mv = 0;
      var pv = -1;
      var start = j * 32;
      var vlen = Math.min(32, m - start) + start;
      for (var k = start; k < vlen; k++) {
        peq[b.charCodeAt(k)] |= 1 << k;
      }
      var score2 = m;
      for (var i = 0; i < n; i++) {
        var eq = peq[a.charCodeAt(i)];
        var pb = phc[i / 32 | 0] >>> i & 1;
        var mb = mhc[i / 32 | 0] >>> i & 1;
        var xv = eq | mv;
        var xh = ((eq | mb) & pv) + pv ^ pv | eq | mb;
        var ph = mv | ~(xh | pv);
        var mh = pv & xh;
        score2 += ph >>> m - 1 & 1;
        score2 -= mh >>> m - 1 & 1;
        if (ph >>> 31 ^ pb) {
          phc[i / 32 | 0] ^= 1 << i;
        }
        if (mh >>> 31 ^ mb) {
          mhc[i / 32 | 0] ^= 1 << i;
        }
        ph = ph << 1 | pb;
        mh = mh << 1 | mb;
        pv = mh | ~(xv | ph);
        mv = ph & xv;
      }
      for (var k = start; k < vlen; k++) {
        peq[b.charCodeAt(k)] = 0;
      }
      return score2;
    };
    var distance2 = function(a, b) {
      if (a.length < b.length) {
        var tmp = b;
        b = a;
        a = tmp;
      }
      if (b.length === 0) {
        return a.length;
      }
      if (a.length <= 32) {
        return myers_32(a, b);
      }
      return myers_x(a, b);
    };
    exports.distance = distance2;
    var closest2 = function(str3, arr) {
      var min_distance = Infinity;
      var min_index = 0;
      for (var i = 0; i < arr.length; i++) {
        var dist = distance2(str3, arr[i]);
        if (dist < min_distance) {
          min_distance = dist;
          min_index = i;
        }
      }
      return arr[min_index];
    };
    exports.closest = closest2;
  }
});

// node_modules/yaml/dist/nodes/identity.js
var require_identity = __commonJS({
  "node_modules/yaml/dist/nodes/identity.js"(exports) {
    "use strict";
    var ALIAS = /* @__PURE__ */ Symbol.for("yaml.alias");
    var DOC = /* @__PURE__ */ Symbol.for("yaml.document");
    var MAP = /* @__PURE__ */ Symbol.for("yaml.map");
    var PAIR = /* @__PURE__ */ Symbol.for("yaml.pair");
    var SCALAR = /* @__PURE__ */ Symbol.for("yaml.scalar");
    var SEQ = /* @__PURE__ */ Symbol.for("yaml.seq");
    var NODE_TYPE = /* @__PURE__ */ Symbol.for("yaml.node.type");
    var isAlias3 = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === ALIAS;
    var isDocument = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === DOC;
    var isMap3 = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === MAP;
    var isPair = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === PAIR;
    var isScalar3 = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === SCALAR;
    var isSeq3 = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === SEQ;
    function isCollection2(node) {
      if (node && typeof node === "object")
        switch (node[NODE_TYPE]) {
          case MAP:
          case SEQ:
            return true;
        }
      return false;
    }
    function isNode(node) {
      if (node && typeof node === "object")
        switch (node[NODE_TYPE]) {
          case ALIAS:
          case MAP:
          case SCALAR:
          case SEQ:
            return true;
        }
      return false;
    }
    var hasAnchor = (node) => (isScalar3(node) || isCollection2(node)) && !!node.anchor;
    exports.ALIAS = ALIAS;
    exports.DOC = DOC;
    exports.MAP = MAP;
    exports.NODE_TYPE = NODE_TYPE;
    exports.PAIR = PAIR;
    exports.SCALAR = SCALAR;
    exports.SEQ = SEQ;
    exports.hasAnchor = hasAnchor;
    exports.isAlias = isAlias3;
    exports.isCollection = isCollection2;
    exports.isDocument = isDocument;
    exports.isMap = isMap3;
    exports.isNode = isNode;
    exports.isPair = isPair;
    exports.isScalar = isScalar3;
    exports.isSeq = isSeq3;
  }
});

// node_modules/yaml/dist/visit.js
var require_visit = __commonJS({
  "node_modules/yaml/dist/visit.js"(exports) {
    "use strict";
    var identity = require_identity();
    var BREAK = /* @__PURE__ */ Symbol("break visit");
    var SKIP = /* @__PURE__ */ Symbol("skip children");
    var REMOVE = /* @__PURE__ */ Symbol("remove node");
    function visit(node, visitor) {
      const visitor_ = initVisitor(visitor);
      if (identity.isDocument(node)) {
        const cd = visit_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
          node.contents = null;
      } else
        visit_(null, node, visitor_, Object.freeze([]));
    }
    visit.BREAK = BREAK;
    visit.SKIP = SKIP;
    visit.REMOVE = REMOVE;
    function visit_(key, node, visitor, path11) {
      const ctrl = callVisitor(key, node, visitor, path11);
      if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path11, ctrl);
        return visit_(key, ctrl, visitor, path11);
      }
      if (typeof ctrl !== "symbol") {
        if (identity.isCollection(node)) {
          path11 = Object.freeze(path11.concat(node));
          for (let i = 0; i < node.items.length; ++i) {
            const ci = visit_(i, node.items[i], visitor, path11);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              node.items.splice(i, 1);
              i -= 1;
            }
          }
        } else if (identity.isPair(node)) {
          path11 = Object.freeze(path11.concat(node));
          const ck = visit_("key", node.key, visitor, path11);
          if (ck === BREAK)
            return BREAK;
          else if (ck === REMOVE)
            node.key = null;
          const cv = visit_("value", node.value, visitor, path11);
          if (cv === BREAK)
            return BREAK;
          else if (cv === REMOVE)
            node.value = null;
        }
      }
      return ctrl;
    }
    async function visitAsync(node, visitor) {
      const visitor_ = initVisitor(visitor);
      if (identity.isDocument(node)) {
        const cd = await visitAsync_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
          node.contents = null;
      } else
        await visitAsync_(null, node, visitor_, Object.freeze([]));
    }
    visitAsync.BREAK = BREAK;
    visitAsync.SKIP = SKIP;
    visitAsync.REMOVE = REMOVE;
    async function visitAsync_(key, node, visitor, path11) {
      const ctrl = await callVisitor(key, node, visitor, path11);
      if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path11, ctrl);
        return visitAsync_(key, ctrl, visitor, path11);
      }
      if (typeof ctrl !== "symbol") {
        if (identity.isCollection(node)) {
          path11 = Object.freeze(path11.concat(node));
          for (let i = 0; i < node.items.length; ++i) {
            const ci = await visitAsync_(i, node.items[i], visitor, path11);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              node.items.splice(i, 1);
              i -= 1;
            }
          }
        } else if (identity.isPair(node)) {
          path11 = Object.freeze(path11.concat(node));
          const ck = await visitAsync_("key", node.key, visitor, path11);
          if (ck === BREAK)
            return BREAK;
          else if (ck === REMOVE)
            node.key = null;
          const cv = await visitAsync_("value", node.value, visitor, path11);
          if (cv === BREAK)
            return BREAK;
          else if (cv === REMOVE)
            node.value = null;
        }
      }
      return ctrl;
    }
    function initVisitor(visitor) {
      if (typeof visitor === "object" && (visitor.Collection || visitor.Node || visitor.Value)) {
        return Object.assign({
          Alias: visitor.Node,
          Map: visitor.Node,
          Scalar: visitor.Node,
          Seq: visitor.Node
        }, visitor.Value && {
          Map: visitor.Value,
          Scalar: visitor.Value,
          Seq: visitor.Value
        }, visitor.Collection && {
          Map: visitor.Collection,
          Seq: visitor.Collection
        }, visitor);
      }
      return visitor;
    }
    function callVisitor(key, node, visitor, path11) {
      if (typeof visitor === "function")
        return visitor(key, node, path11);
      if (identity.isMap(node))
        return visitor.Map?.(key, node, path11);
      if (identity.isSeq(node))
        return visitor.Seq?.(key, node, path11);
      if (identity.isPair(node))
        return visitor.Pair?.(key, node, path11);
      if (identity.isScalar(node))
        return visitor.Scalar?.(key, node, path11);
      if (identity.isAlias(node))
        return visitor.Alias?.(key, node, path11);
      return void 0;
    }
    function replaceNode(key, path11, node) {
      const parent = path11[path11.length - 1];
      if (identity.isCollection(parent)) {
        parent.items[key] = node;
      } else if (identity.isPair(parent)) {
        if (key === "key")
          parent.key = node;
        else
          parent.value = node;
      } else if (identity.isDocument(parent)) {
        parent.contents = node;
      } else {
        const pt = identity.isAlias(parent) ? "alias" : "scalar";
        throw new Error(`Cannot replace node with ${pt} parent`);
      }
    }
    exports.visit = visit;
    exports.visitAsync = visitAsync;
  }
});

// node_modules/yaml/dist/doc/directives.js
var require_directives = __commonJS({
  "node_modules/yaml/dist/doc/directives.js"(exports) {
    "use strict";
    var identity = require_identity();
    var visit = require_visit();
    var escapeChars = {
      "!": "%21",
      ",": "%2C",
      "[": "%5B",
      "]": "%5D",
      "{": "%7B",
      "}": "%7D"
    };
    var escapeTagName = (tn) => tn.replace(/[!,[\]{}]/g, (ch) => escapeChars[ch]);
    var Directives = class _Directives {
      constructor(yaml, tags) {
        this.docStart = null;
        this.docEnd = false;
        this.yaml = Object.assign({}, _Directives.defaultYaml, yaml);
        this.tags = Object.assign({}, _Directives.defaultTags, tags);
      }
      clone() {
        const copy = new _Directives(this.yaml, this.tags);
        copy.docStart = this.docStart;
        return copy;
      }
      /**
       * During parsing, get a Directives instance for the current document and
       * update the stream state according to the current version's spec.
       */
      atDocument() {
        const res = new _Directives(this.yaml, this.tags);
        switch (this.yaml.version) {
          case "1.1":
            this.atNextDocument = true;
            break;
          case "1.2":
            this.atNextDocument = false;
            this.yaml = {
              explicit: _Directives.defaultYaml.explicit,
              version: "1.2"
            };
            this.tags = Object.assign({}, _Directives.defaultTags);
            break;
        }
        return res;
      }
      /**
       * @param onError - May be called even if the action was successful
       * @returns `true` on success
       */
      add(line, onError) {
        if (this.atNextDocument) {
          this.yaml = { explicit: _Directives.defaultYaml.explicit, version: "1.1" };
          this.tags = Object.assign({}, _Directives.defaultTags);
          this.atNextDocument = false;
        }
        const parts = line.trim().split(/[ \t]+/);
        const name = parts.shift();
        switch (name) {
          case "%TAG": {
            if (parts.length !== 2) {
              onError(0, "%TAG directive should contain exactly two parts");
              if (parts.length < 2)
                return false;
            }
            const [handle, prefix] = parts;
            this.tags[handle] = prefix;
            return true;
          }
          case "%YAML": {
            this.yaml.explicit = true;
            if (parts.length !== 1) {
              onError(0, "%YAML directive should contain exactly one part");
              return false;
            }
            const [version] = parts;
            if (version === "1.1" || version === "1.2") {
              this.yaml.version = version;
              return true;
            } else {
              const isValid = /^\d+\.\d+$/.test(version);
              onError(6, `Unsupported YAML version ${version}`, isValid);
              return false;
            }
          }
          default:
            onError(0, `Unknown directive ${name}`, true);
            return false;
        }
      }
      /**
       * Resolves a tag, matching handles to those defined in %TAG directives.
       *
       * @returns Resolved tag, which may also be the non-specific tag `'!'` or a
       *   `'!local'` tag, or `null` if unresolvable.
       */
      tagName(source, onError) {
        if (source === "!")
          return "!";
        if (source[0] !== "!") {
          onError(`Not a valid tag: ${source}`);
          return null;
        }
        if (source[1] === "<") {
          const verbatim = source.slice(2, -1);
          if (verbatim === "!" || verbatim === "!!") {
            onError(`Verbatim tags aren't resolved, so ${source} is invalid.`);
            return null;
          }
          if (source[source.length - 1] !== ">")
            onError("Verbatim tags must end with a >");
          return verbatim;
        }
        const [, handle, suffix] = source.match(/^(.*!)([^!]*)$/s);
        if (!suffix)
          onError(`The ${source} tag has no suffix`);
        const prefix = this.tags[handle];
        if (prefix) {
          try {
            return prefix + decodeURIComponent(suffix);
          } catch (error) {
            onError(String(error));
            return null;
          }
        }
        if (handle === "!")
          return source;
        onError(`Could not resolve tag: ${source}`);
        return null;
      }
      /**
       * Given a fully resolved tag, returns its printable string form,
       * taking into account current tag prefixes and defaults.
       */
      tagString(tag) {
        for (const [handle, prefix] of Object.entries(this.tags)) {
          if (tag.startsWith(prefix))
            return handle + escapeTagName(tag.substring(prefix.length));
        }
        return tag[0] === "!" ? tag : `!<${tag}>`;
      }
      toString(doc) {
        const lines = this.yaml.explicit ? [`%YAML ${this.yaml.version || "1.2"}`] : [];
        const tagEntries = Object.entries(this.tags);
        let tagNames;
        if (doc && tagEntries.length > 0 && identity.isNode(doc.contents)) {
          const tags = {};
          visit.visit(doc.contents, (_key, node) => {
            if (identity.isNode(node) && node.tag)
              tags[node.tag] = true;
          });
          tagNames = Object.keys(tags);
        } else
          tagNames = [];
        for (const [handle, prefix] of tagEntries) {
          if (handle === "!!" && prefix === "tag:yaml.org,2002:")
            continue;
          if (!doc || tagNames.some((tn) => tn.startsWith(prefix)))
            lines.push(`%TAG ${handle} ${prefix}`);
        }
        return lines.join("\n");
      }
    };
    Directives.defaultYaml = { explicit: false, version: "1.2" };
    Directives.defaultTags = { "!!": "tag:yaml.org,2002:" };
    exports.Directives = Directives;
  }
});

// node_modules/yaml/dist/doc/anchors.js
var require_anchors = __commonJS({
  "node_modules/yaml/dist/doc/anchors.js"(exports) {
    "use strict";
    var identity = require_identity();
    var visit = require_visit();
    function anchorIsValid(anchor) {
      if (/[\x00-\x19\s,[\]{}]/.test(anchor)) {
        const sa = JSON.stringify(anchor);
        const msg = `Anchor must not contain whitespace or control characters: ${sa}`;
        throw new Error(msg);
      }
      return true;
    }
    function anchorNames(root) {
      const anchors = /* @__PURE__ */ new Set();
      visit.visit(root, {
        Value(_key, node) {
          if (node.anchor)
            anchors.add(node.anchor);
        }
      });
      return anchors;
    }
    function findNewAnchor(prefix, exclude) {
      for (let i = 1; true; ++i) {
        const name = `${prefix}${i}`;
        if (!exclude.has(name))
          return name;
      }
    }
    function createNodeAnchors(doc, prefix) {
      const aliasObjects = [];
      const sourceObjects = /* @__PURE__ */ new Map();
      let prevAnchors = null;
      return {
        onAnchor: (source) => {
          aliasObjects.push(source);
          prevAnchors ?? (prevAnchors = anchorNames(doc));
          const anchor = findNewAnchor(prefix, prevAnchors);
          prevAnchors.add(anchor);
          return anchor;
        },
        /**
         * With circular references, the source node is only resolved after all
         * of its child nodes are. This is why anchors are set only after all of
         * the nodes have been created.
         */
        setAnchors: () => {
          for (const source of aliasObjects) {
            const ref = sourceObjects.get(source);
            if (typeof ref === "object" && ref.anchor && (identity.isScalar(ref.node) || identity.isCollection(ref.node))) {
              ref.node.anchor = ref.anchor;
            } else {
              const error = new Error("Failed to resolve repeated object (this should not happen)");
              error.source = source;
              throw error;
            }
          }
        },
        sourceObjects
      };
    }
    exports.anchorIsValid = anchorIsValid;
    exports.anchorNames = anchorNames;
    exports.createNodeAnchors = createNodeAnchors;
    exports.findNewAnchor = findNewAnchor;
  }
});

// node_modules/yaml/dist/doc/applyReviver.js
var require_applyReviver = __commonJS({
  "node_modules/yaml/dist/doc/applyReviver.js"(exports) {
    "use strict";
    function applyReviver(reviver, obj, key, val) {
      if (val && typeof val === "object") {
        if (Array.isArray(val)) {
          for (let i = 0, len = val.length; i < len; ++i) {
            const v0 = val[i];
            const v1 = applyReviver(reviver, val, String(i), v0);
            if (v1 === void 0)
              delete val[i];
            else if (v1 !== v0)
              val[i] = v1;
          }
        } else if (val instanceof Map) {
          for (const k of Array.from(val.keys())) {
            const v0 = val.get(k);
            const v1 = applyReviver(reviver, val, k, v0);
            if (v1 === void 0)
              val.delete(k);
            else if (v1 !== v0)
              val.set(k, v1);
          }
        } else if (val instanceof Set) {
          for (const v0 of Array.from(val)) {
            const v1 = applyReviver(reviver, val, v0, v0);
            if (v1 === void 0)
              val.delete(v0);
            else if (v1 !== v0) {
              val.delete(v0);
              val.add(v1);
            }
          }
        } else {
          for (const [k, v0] of Object.entries(val)) {
            const v1 = applyReviver(reviver, val, k, v0);
            if (v1 === void 0)
              delete val[k];
            else if (v1 !== v0)
              val[k] = v1;
          }
        }
      }
      return reviver.call(obj, key, val);
    }
    exports.applyReviver = applyReviver;
  }
});

// node_modules/yaml/dist/nodes/toJS.js
var require_toJS = __commonJS({
  "node_modules/yaml/dist/nodes/toJS.js"(exports) {
    "use strict";
    var identity = require_identity();
    function toJS(value, arg, ctx) {
      if (Array.isArray(value))
        return value.map((v, i) => toJS(v, String(i), ctx));
      if (value && typeof value.toJSON === "function") {
        if (!ctx || !identity.hasAnchor(value))
          return value.toJSON(arg, ctx);
        const data = { aliasCount: 0, count: 1, res: void 0 };
        ctx.anchors.set(value, data);
        ctx.onCreate = (res2) => {
          data.res = res2;
          delete ctx.onCreate;
        };
        const res = value.toJSON(arg, ctx);
        if (ctx.onCreate)
          ctx.onCreate(res);
        return res;
      }
      if (typeof value === "bigint" && !ctx?.keep)
        return Number(value);
      return value;
    }
    exports.toJS = toJS;
  }
});

// node_modules/yaml/dist/nodes/Node.js
var require_Node = __commonJS({
  "node_modules/yaml/dist/nodes/Node.js"(exports) {
    "use strict";
    var applyReviver = require_applyReviver();
    var identity = require_identity();
    var toJS = require_toJS();
    var NodeBase = class {
      constructor(type) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: type });
      }
      /** Create a copy of this node.  */
      clone() {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /** A plain JavaScript representation of this node. */
      toJS(doc, { mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        if (!identity.isDocument(doc))
          throw new TypeError("A document argument is required");
        const ctx = {
          anchors: /* @__PURE__ */ new Map(),
          doc,
          keep: true,
          mapAsMap: mapAsMap === true,
          mapKeyWarned: false,
          maxAliasCount: typeof maxAliasCount === "number" ? maxAliasCount : 100
        };
        const res = toJS.toJS(this, "", ctx);
        if (typeof onAnchor === "function")
          for (const { count, res: res2 } of ctx.anchors.values())
            onAnchor(res2, count);
        return typeof reviver === "function" ? applyReviver.applyReviver(reviver, { "": res }, "", res) : res;
      }
    };
    exports.NodeBase = NodeBase;
  }
});

// node_modules/yaml/dist/nodes/Alias.js
var require_Alias = __commonJS({
  "node_modules/yaml/dist/nodes/Alias.js"(exports) {
    "use strict";
    var anchors = require_anchors();
    var visit = require_visit();
    var identity = require_identity();
    var Node = require_Node();
    var toJS = require_toJS();
    var Alias = class extends Node.NodeBase {
      constructor(source) {
        super(identity.ALIAS);
        this.source = source;
        Object.defineProperty(this, "tag", {
          set() {
            throw new Error("Alias nodes cannot have tags");
          }
        });
      }
      /**
       * Resolve the value of this alias within `doc`, finding the last
       * instance of the `source` anchor before this node.
       */
      resolve(doc, ctx) {
        if (ctx?.maxAliasCount === 0)
          throw new ReferenceError("Alias resolution is disabled");
        let nodes;
        if (ctx?.aliasResolveCache) {
          nodes = ctx.aliasResolveCache;
        } else {
          nodes = [];
          visit.visit(doc, {
            Node: (_key, node) => {
              if (identity.isAlias(node) || identity.hasAnchor(node))
                nodes.push(node);
            }
          });
          if (ctx)
            ctx.aliasResolveCache = nodes;
        }
        let found = void 0;
        for (const node of nodes) {
          if (node === this)
            break;
          if (node.anchor === this.source)
            found = node;
        }
        if (found && ctx) {
          const { anchors: anchors2, doc: doc2, maxAliasCount } = ctx;
          let data = anchors2.get(found);
          if (!data) {
            toJS.toJS(found, null, ctx);
            data = anchors2.get(found);
          }
          if (data?.res === void 0) {
            const msg = "This should not happen: Alias anchor was not resolved?";
            throw new ReferenceError(msg);
          }
          if (maxAliasCount >= 0) {
            data.count += 1;
            if (data.aliasCount === 0)
              data.aliasCount = getAliasCount(doc2, found, anchors2);
            if (data.count * data.aliasCount > maxAliasCount) {
              const msg = "Excessive alias count indicates a resource exhaustion attack";
              throw new ReferenceError(msg);
            }
          }
        }
        return found;
      }
      toJSON(_arg, ctx) {
        if (!ctx)
          return { source: this.source };
        const source = this.resolve(ctx.doc, ctx);
        if (!source) {
          const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
          throw new ReferenceError(msg);
        }
        return ctx.anchors.get(source).res;
      }
      toString(ctx, _onComment, _onChompKeep) {
        const src = `*${this.source}`;
        if (ctx) {
          anchors.anchorIsValid(this.source);
          if (ctx.options.verifyAliasOrder && !ctx.anchors.has(this.source)) {
            const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
            throw new Error(msg);
          }
          if (ctx.implicitKey)
            return `${src} `;
        }
        return src;
      }
    };
    function getAliasCount(doc, node, anchors2) {
      if (identity.isAlias(node)) {
        const source = node.resolve(doc);
        const anchor = anchors2 && source && anchors2.get(source);
        return anchor ? anchor.count * anchor.aliasCount : 0;
      } else if (identity.isCollection(node)) {
        let count = 0;
        for (const item of node.items) {
          const c = getAliasCount(doc, item, anchors2);
          if (c > count)
            count = c;
        }
        return count;
      } else if (identity.isPair(node)) {
        const kc = getAliasCount(doc, node.key, anchors2);
        const vc = getAliasCount(doc, node.value, anchors2);
        return Math.max(kc, vc);
      }
      return 1;
    }
    exports.Alias = Alias;
  }
});

// node_modules/yaml/dist/nodes/Scalar.js
var require_Scalar = __commonJS({
  "node_modules/yaml/dist/nodes/Scalar.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Node = require_Node();
    var toJS = require_toJS();
    var isScalarValue = (value) => !value || typeof value !== "function" && typeof value !== "object";
    var Scalar = class extends Node.NodeBase {
      constructor(value) {
        super(identity.SCALAR);
        this.value = value;
      }
      toJSON(arg, ctx) {
        return ctx?.keep ? this.value : toJS.toJS(this.value, arg, ctx);
      }
      toString() {
        return String(this.value);
      }
    };
    Scalar.BLOCK_FOLDED = "BLOCK_FOLDED";
    Scalar.BLOCK_LITERAL = "BLOCK_LITERAL";
    Scalar.PLAIN = "PLAIN";
    Scalar.QUOTE_DOUBLE = "QUOTE_DOUBLE";
    Scalar.QUOTE_SINGLE = "QUOTE_SINGLE";
    exports.Scalar = Scalar;
    exports.isScalarValue = isScalarValue;
  }
});

// node_modules/yaml/dist/doc/createNode.js
var require_createNode = __commonJS({
  "node_modules/yaml/dist/doc/createNode.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var identity = require_identity();
    var Scalar = require_Scalar();
    var defaultTagPrefix = "tag:yaml.org,2002:";
    function findTagObject(value, tagName, tags) {
      if (tagName) {
        const match = tags.filter((t) => t.tag === tagName);
        const tagObj = match.find((t) => !t.format) ?? match[0];
        if (!tagObj)
          throw new Error(`Tag ${tagName} not found`);
        return tagObj;
      }
      return tags.find((t) => t.identify?.(value) && !t.format);
    }
    function createNode(value, tagName, ctx) {
      if (identity.isDocument(value))
        value = value.contents;
      if (identity.isNode(value))
        return value;
      if (identity.isPair(value)) {
        const map = ctx.schema[identity.MAP].createNode?.(ctx.schema, null, ctx);
        map.items.push(value);
        return map;
      }
      if (value instanceof String || value instanceof Number || value instanceof Boolean || typeof BigInt !== "undefined" && value instanceof BigInt) {
        value = value.valueOf();
      }
      const { aliasDuplicateObjects, onAnchor, onTagObj, schema, sourceObjects } = ctx;
      let ref = void 0;
      if (aliasDuplicateObjects && value && typeof value === "object") {
        ref = sourceObjects.get(value);
        if (ref) {
          ref.anchor ?? (ref.anchor = onAnchor(value));
          return new Alias.Alias(ref.anchor);
        } else {
          ref = { anchor: null, node: null };
          sourceObjects.set(value, ref);
        }
      }
      if (tagName?.startsWith("!!"))
        tagName = defaultTagPrefix + tagName.slice(2);
      let tagObj = findTagObject(value, tagName, schema.tags);
      if (!tagObj) {
        if (value && typeof value.toJSON === "function") {
          value = value.toJSON();
        }
        if (!value || typeof value !== "object") {
          const node2 = new Scalar.Scalar(value);
          if (ref)
            ref.node = node2;
          return node2;
        }
        tagObj = value instanceof Map ? schema[identity.MAP] : Symbol.iterator in Object(value) ? schema[identity.SEQ] : schema[identity.MAP];
      }
      if (onTagObj) {
        onTagObj(tagObj);
        delete ctx.onTagObj;
      }
      const node = tagObj?.createNode ? tagObj.createNode(ctx.schema, value, ctx) : typeof tagObj?.nodeClass?.from === "function" ? tagObj.nodeClass.from(ctx.schema, value, ctx) : new Scalar.Scalar(value);
      if (tagName)
        node.tag = tagName;
      else if (!tagObj.default)
        node.tag = tagObj.tag;
      if (ref)
        ref.node = node;
      return node;
    }
    exports.createNode = createNode;
  }
});

// node_modules/yaml/dist/nodes/Collection.js
var require_Collection = __commonJS({
  "node_modules/yaml/dist/nodes/Collection.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var identity = require_identity();
    var Node = require_Node();
    function collectionFromPath(schema, path11, value) {
      let v = value;
      for (let i = path11.length - 1; i >= 0; --i) {
        const k = path11[i];
        if (typeof k === "number" && Number.isInteger(k) && k >= 0) {
          const a = [];
          a[k] = v;
          v = a;
        } else {
          v = /* @__PURE__ */ new Map([[k, v]]);
        }
      }
      return createNode.createNode(v, void 0, {
        aliasDuplicateObjects: false,
        keepUndefined: false,
        onAnchor: () => {
          throw new Error("This should not happen, please report a bug.");
        },
        schema,
        sourceObjects: /* @__PURE__ */ new Map()
      });
    }
    var isEmptyPath = (path11) => path11 == null || typeof path11 === "object" && !!path11[Symbol.iterator]().next().done;
    var Collection = class extends Node.NodeBase {
      constructor(type, schema) {
        super(type);
        Object.defineProperty(this, "schema", {
          value: schema,
          configurable: true,
          enumerable: false,
          writable: true
        });
      }
      /**
       * Create a copy of this collection.
       *
       * @param schema - If defined, overwrites the original's schema
       */
      clone(schema) {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (schema)
          copy.schema = schema;
        copy.items = copy.items.map((it) => identity.isNode(it) || identity.isPair(it) ? it.clone(schema) : it);
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /**
       * Adds a value to the collection. For `!!map` and `!!omap` the value must
       * be a Pair instance or a `{ key, value }` object, which may not have a key
       * that already exists in the map.
       */
      addIn(path11, value) {
        if (isEmptyPath(path11))
          this.add(value);
        else {
          const [key, ...rest] = path11;
          const node = this.get(key, true);
          if (identity.isCollection(node))
            node.addIn(rest, value);
          else if (node === void 0 && this.schema)
            this.set(key, collectionFromPath(this.schema, rest, value));
          else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
      }
      /**
       * Removes a value from the collection.
       * @returns `true` if the item was found and removed.
       */
      deleteIn(path11) {
        const [key, ...rest] = path11;
        if (rest.length === 0)
          return this.delete(key);
        const node = this.get(key, true);
        if (identity.isCollection(node))
          return node.deleteIn(rest);
        else
          throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
      }
      /**
       * Returns item at `key`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      getIn(path11, keepScalar) {
        const [key, ...rest] = path11;
        const node = this.get(key, true);
        if (rest.length === 0)
          return !keepScalar && identity.isScalar(node) ? node.value : node;
        else
          return identity.isCollection(node) ? node.getIn(rest, keepScalar) : void 0;
      }
      hasAllNullValues(allowScalar) {
        return this.items.every((node) => {
          if (!identity.isPair(node))
            return false;
          const n = node.value;
          return n == null || allowScalar && identity.isScalar(n) && n.value == null && !n.commentBefore && !n.comment && !n.tag;
        });
      }
      /**
       * Checks if the collection includes a value with the key `key`.
       */
      hasIn(path11) {
        const [key, ...rest] = path11;
        if (rest.length === 0)
          return this.has(key);
        const node = this.get(key, true);
        return identity.isCollection(node) ? node.hasIn(rest) : false;
      }
      /**
       * Sets a value in this collection. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      setIn(path11, value) {
        const [key, ...rest] = path11;
        if (rest.length === 0) {
          this.set(key, value);
        } else {
          const node = this.get(key, true);
          if (identity.isCollection(node))
            node.setIn(rest, value);
          else if (node === void 0 && this.schema)
            this.set(key, collectionFromPath(this.schema, rest, value));
          else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
      }
    };
    exports.Collection = Collection;
    exports.collectionFromPath = collectionFromPath;
    exports.isEmptyPath = isEmptyPath;
  }
});

// node_modules/yaml/dist/stringify/stringifyComment.js
var require_stringifyComment = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyComment.js"(exports) {
    "use strict";
    var stringifyComment = (str3) => str3.replace(/^(?!$)(?: $)?/gm, "#");
    function indentComment(comment, indent) {
      if (/^\n+$/.test(comment))
        return comment.substring(1);
      return indent ? comment.replace(/^(?! *$)/gm, indent) : comment;
    }
    var lineComment = (str3, indent, comment) => str3.endsWith("\n") ? indentComment(comment, indent) : comment.includes("\n") ? "\n" + indentComment(comment, indent) : (str3.endsWith(" ") ? "" : " ") + comment;
    exports.indentComment = indentComment;
    exports.lineComment = lineComment;
    exports.stringifyComment = stringifyComment;
  }
});

// node_modules/yaml/dist/stringify/foldFlowLines.js
var require_foldFlowLines = __commonJS({
  "node_modules/yaml/dist/stringify/foldFlowLines.js"(exports) {
    "use strict";
    var FOLD_FLOW = "flow";
    var FOLD_BLOCK = "block";
    var FOLD_QUOTED = "quoted";
    function foldFlowLines(text2, indent, mode = "flow", { indentAtStart, lineWidth = 80, minContentWidth = 20, onFold, onOverflow } = {}) {
      if (!lineWidth || lineWidth < 0)
        return text2;
      if (lineWidth < minContentWidth)
        minContentWidth = 0;
      const endStep = Math.max(1 + minContentWidth, 1 + lineWidth - indent.length);
      if (text2.length <= endStep)
        return text2;
      const folds = [];
      const escapedFolds = {};
      let end = lineWidth - indent.length;
      if (typeof indentAtStart === "number") {
        if (indentAtStart > lineWidth - Math.max(2, minContentWidth))
          folds.push(0);
        else
          end = lineWidth - indentAtStart;
      }
      let split = void 0;
      let prev = void 0;
      let overflow = false;
      let i = -1;
      let escStart = -1;
      let escEnd = -1;
      if (mode === FOLD_BLOCK) {
        i = consumeMoreIndentedLines(text2, i, indent.length);
        if (i !== -1)
          end = i + endStep;
      }
      for (let ch; ch = text2[i += 1]; ) {
        if (mode === FOLD_QUOTED && ch === "\\") {
          escStart = i;
          switch (text2[i + 1]) {
            case "x":
              i += 3;
              break;
            case "u":
              i += 5;
              break;
            case "U":
              i += 9;
              break;
            default:
              i += 1;
          }
          escEnd = i;
        }
        if (ch === "\n") {
          if (mode === FOLD_BLOCK)
            i = consumeMoreIndentedLines(text2, i, indent.length);
          end = i + indent.length + endStep;
          split = void 0;
        } else {
          if (ch === " " && prev && prev !== " " && prev !== "\n" && prev !== "	") {
            const next = text2[i + 1];
            if (next && next !== " " && next !== "\n" && next !== "	")
              split = i;
          }
          if (i >= end) {
            if (split) {
              folds.push(split);
              end = split + endStep;
              split = void 0;
            } else if (mode === FOLD_QUOTED) {
              while (prev === " " || prev === "	") {
                prev = ch;
                ch = text2[i += 1];
                overflow = true;
              }
              const j = i > escEnd + 1 ? i - 2 : escStart - 1;
              if (escapedFolds[j])
                return text2;
              folds.push(j);
              escapedFolds[j] = true;
              end = j + endStep;
              split = void 0;
            } else {
              overflow = true;
            }
          }
        }
        prev = ch;
      }
      if (overflow && onOverflow)
        onOverflow();
      if (folds.length === 0)
        return text2;
      if (onFold)
        onFold();
      let res = text2.slice(0, folds[0]);
      for (let i2 = 0; i2 < folds.length; ++i2) {
        const fold = folds[i2];
        const end2 = folds[i2 + 1] || text2.length;
        if (fold === 0)
          res = `
${indent}${text2.slice(0, end2)}`;
        else {
          if (mode === FOLD_QUOTED && escapedFolds[fold])
            res += `${text2[fold]}\\`;
          res += `
${indent}${text2.slice(fold + 1, end2)}`;
        }
      }
      return res;
    }
    function consumeMoreIndentedLines(text2, i, indent) {
      let end = i;
      let start = i + 1;
      let ch = text2[start];
      while (ch === " " || ch === "	") {
        if (i < start + indent) {
          ch = text2[++i];
        } else {
          do {
            ch = text2[++i];
          } while (ch && ch !== "\n");
          end = i;
          start = i + 1;
          ch = text2[start];
        }
      }
      return end;
    }
    exports.FOLD_BLOCK = FOLD_BLOCK;
    exports.FOLD_FLOW = FOLD_FLOW;
    exports.FOLD_QUOTED = FOLD_QUOTED;
    exports.foldFlowLines = foldFlowLines;
  }
});

// node_modules/yaml/dist/stringify/stringifyString.js
var require_stringifyString = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyString.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var foldFlowLines = require_foldFlowLines();
    var getFoldOptions = (ctx, isBlock) => ({
      indentAtStart: isBlock ? ctx.indent.length : ctx.indentAtStart,
      lineWidth: ctx.options.lineWidth,
      minContentWidth: ctx.options.minContentWidth
    });
    var containsDocumentMarker = (str3) => /^(%|---|\.\.\.)/m.test(str3);
    function lineLengthOverLimit(str3, lineWidth, indentLength) {
      if (!lineWidth || lineWidth < 0)
        return false;
      const limit = lineWidth - indentLength;
      const strLen = str3.length;
      if (strLen <= limit)
        return false;
      for (let i = 0, start = 0; i < strLen; ++i) {
        if (str3[i] === "\n") {
          if (i - start > limit)
            return true;
          start = i + 1;
          if (strLen - start <= limit)
            return false;
        }
      }
      return true;
    }
    function doubleQuotedString(value, ctx) {
      const json = JSON.stringify(value);
      if (ctx.options.doubleQuotedAsJSON)
        return json;
      const { implicitKey } = ctx;
      const minMultiLineLength = ctx.options.doubleQuotedMinMultiLineLength;
      const indent = ctx.indent || (containsDocumentMarker(value) ? "  " : "");
      let str3 = "";
      let start = 0;
      for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
        if (ch === " " && json[i + 1] === "\\" && json[i + 2] === "n") {
          str3 += json.slice(start, i) + "\\ ";
          i += 1;
          start = i;
          ch = "\\";
        }
        if (ch === "\\")
          switch (json[i + 1]) {
            case "u":
              {
                str3 += json.slice(start, i);
                const code2 = json.substr(i + 2, 4);
                switch (code2) {
                  case "0000":
                    str3 += "\\0";
                    break;
                  case "0007":
                    str3 += "\\a";
                    break;
                  case "000b":
                    str3 += "\\v";
                    break;
                  case "001b":
                    str3 += "\\e";
                    break;
                  case "0085":
                    str3 += "\\N";
                    break;
                  case "00a0":
                    str3 += "\\_";
                    break;
                  case "2028":
                    str3 += "\\L";
                    break;
                  case "2029":
                    str3 += "\\P";
                    break;
                  default:
                    if (code2.substr(0, 2) === "00")
                      str3 += "\\x" + code2.substr(2);
                    else
                      str3 += json.substr(i, 6);
                }
                i += 5;
                start = i + 1;
              }
              break;
            case "n":
              if (implicitKey || json[i + 2] === '"' || json.length < minMultiLineLength) {
                i += 1;
              } else {
                str3 += json.slice(start, i) + "\n\n";
                while (json[i + 2] === "\\" && json[i + 3] === "n" && json[i + 4] !== '"') {
                  str3 += "\n";
                  i += 2;
                }
                str3 += indent;
                if (json[i + 2] === " ")
                  str3 += "\\";
                i += 1;
                start = i + 1;
              }
              break;
            default:
              i += 1;
          }
      }
      str3 = start ? str3 + json.slice(start) : json;
      return implicitKey ? str3 : foldFlowLines.foldFlowLines(str3, indent, foldFlowLines.FOLD_QUOTED, getFoldOptions(ctx, false));
    }
    function singleQuotedString(value, ctx) {
      if (ctx.options.singleQuote === false || ctx.implicitKey && value.includes("\n") || /[ \t]\n|\n[ \t]/.test(value))
        return doubleQuotedString(value, ctx);
      const indent = ctx.indent || (containsDocumentMarker(value) ? "  " : "");
      const res = "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&
${indent}`) + "'";
      return ctx.implicitKey ? res : foldFlowLines.foldFlowLines(res, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
    }
    function quotedString(value, ctx) {
      const { singleQuote } = ctx.options;
      let qs;
      if (singleQuote === false)
        qs = doubleQuotedString;
      else {
        const hasDouble = value.includes('"');
        const hasSingle = value.includes("'");
        if (hasDouble && !hasSingle)
          qs = singleQuotedString;
        else if (hasSingle && !hasDouble)
          qs = doubleQuotedString;
        else
          qs = singleQuote ? singleQuotedString : doubleQuotedString;
      }
      return qs(value, ctx);
    }
    var blockEndNewlines;
    try {
      blockEndNewlines = new RegExp("(^|(?<!\n))\n+(?!\n|$)", "g");
    } catch {
      blockEndNewlines = /\n+(?!\n|$)/g;
    }
    function blockString({ comment, type, value }, ctx, onComment, onChompKeep) {
      const { blockQuote, commentString, lineWidth } = ctx.options;
      if (!blockQuote || /\n[\t ]+$/.test(value)) {
        return quotedString(value, ctx);
      }
      const indent = ctx.indent || (ctx.forceBlockIndent || containsDocumentMarker(value) ? "  " : "");
      const literal = blockQuote === "literal" ? true : blockQuote === "folded" || type === Scalar.Scalar.BLOCK_FOLDED ? false : type === Scalar.Scalar.BLOCK_LITERAL ? true : !lineLengthOverLimit(value, lineWidth, indent.length);
      if (!value)
        return literal ? "|\n" : ">\n";
      let chomp;
      let endStart;
      for (endStart = value.length; endStart > 0; --endStart) {
        const ch = value[endStart - 1];
        if (ch !== "\n" && ch !== "	" && ch !== " ")
          break;
      }
      let end = value.substring(endStart);
      const endNlPos = end.indexOf("\n");
      if (endNlPos === -1) {
        chomp = "-";
      } else if (value === end || endNlPos !== end.length - 1) {
        chomp = "+";
        if (onChompKeep)
          onChompKeep();
      } else {
        chomp = "";
      }
      if (end) {
        value = value.slice(0, -end.length);
        if (end[end.length - 1] === "\n")
          end = end.slice(0, -1);
        end = end.replace(blockEndNewlines, `$&${indent}`);
      }
      let startWithSpace = false;
      let startEnd;
      let startNlPos = -1;
      for (startEnd = 0; startEnd < value.length; ++startEnd) {
        const ch = value[startEnd];
        if (ch === " ")
          startWithSpace = true;
        else if (ch === "\n")
          startNlPos = startEnd;
        else
          break;
      }
      let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
      if (start) {
        value = value.substring(start.length);
        start = start.replace(/\n+/g, `$&${indent}`);
      }
      const indentSize = indent ? "2" : "1";
      let header = (startWithSpace ? indentSize : "") + chomp;
      if (comment) {
        header += " " + commentString(comment.replace(/ ?[\r\n]+/g, " "));
        if (onComment)
          onComment();
      }
      if (!literal) {
        const foldedValue = value.replace(/\n+/g, "\n$&").replace(/(?:^|\n)([\t ].*)(?:([\n\t ]*)\n(?![\n\t ]))?/g, "$1$2").replace(/\n+/g, `$&${indent}`);
        let literalFallback = false;
        const foldOptions = getFoldOptions(ctx, true);
        if (blockQuote !== "folded" && type !== Scalar.Scalar.BLOCK_FOLDED) {
          foldOptions.onOverflow = () => {
            literalFallback = true;
          };
        }
        const body = foldFlowLines.foldFlowLines(`${start}${foldedValue}${end}`, indent, foldFlowLines.FOLD_BLOCK, foldOptions);
        if (!literalFallback)
          return `>${header}
${indent}${body}`;
      }
      value = value.replace(/\n+/g, `$&${indent}`);
      return `|${header}
${indent}${start}${value}${end}`;
    }
    function plainString(item, ctx, onComment, onChompKeep) {
      const { type, value } = item;
      const { actualString, implicitKey, indent, indentStep, inFlow } = ctx;
      if (implicitKey && value.includes("\n") || inFlow && /[[\]{},]/.test(value)) {
        return quotedString(value, ctx);
      }
      if (/^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/.test(value)) {
        return implicitKey || inFlow || !value.includes("\n") ? quotedString(value, ctx) : blockString(item, ctx, onComment, onChompKeep);
      }
      if (!implicitKey && !inFlow && type !== Scalar.Scalar.PLAIN && value.includes("\n")) {
        return blockString(item, ctx, onComment, onChompKeep);
      }
      if (containsDocumentMarker(value)) {
        if (indent === "") {
          ctx.forceBlockIndent = true;
          return blockString(item, ctx, onComment, onChompKeep);
        } else if (implicitKey && indent === indentStep) {
          return quotedString(value, ctx);
        }
      }
      const str3 = value.replace(/\n+/g, `$&
${indent}`);
      if (actualString) {
        const test = (tag) => tag.default && tag.tag !== "tag:yaml.org,2002:str" && tag.test?.test(str3);
        const { compat, tags } = ctx.doc.schema;
        if (tags.some(test) || compat?.some(test))
          return quotedString(value, ctx);
      }
      return implicitKey ? str3 : foldFlowLines.foldFlowLines(str3, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
    }
    function stringifyString(item, ctx, onComment, onChompKeep) {
      const { implicitKey, inFlow } = ctx;
      const ss = typeof item.value === "string" ? item : Object.assign({}, item, { value: String(item.value) });
      let { type } = item;
      if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
        if (/[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u.test(ss.value))
          type = Scalar.Scalar.QUOTE_DOUBLE;
      }
      const _stringify = (_type) => {
        switch (_type) {
          case Scalar.Scalar.BLOCK_FOLDED:
          case Scalar.Scalar.BLOCK_LITERAL:
            return implicitKey || inFlow ? quotedString(ss.value, ctx) : blockString(ss, ctx, onComment, onChompKeep);
          case Scalar.Scalar.QUOTE_DOUBLE:
            return doubleQuotedString(ss.value, ctx);
          case Scalar.Scalar.QUOTE_SINGLE:
            return singleQuotedString(ss.value, ctx);
          case Scalar.Scalar.PLAIN:
            return plainString(ss, ctx, onComment, onChompKeep);
          default:
            return null;
        }
      };
      let res = _stringify(type);
      if (res === null) {
        const { defaultKeyType, defaultStringType } = ctx.options;
        const t = implicitKey && defaultKeyType || defaultStringType;
        res = _stringify(t);
        if (res === null)
          throw new Error(`Unsupported default string type ${t}`);
      }
      return res;
    }
    exports.stringifyString = stringifyString;
  }
});

// node_modules/yaml/dist/stringify/stringify.js
var require_stringify = __commonJS({
  "node_modules/yaml/dist/stringify/stringify.js"(exports) {
    "use strict";
    var anchors = require_anchors();
    var identity = require_identity();
    var stringifyComment = require_stringifyComment();
    var stringifyString = require_stringifyString();
    function createStringifyContext(doc, options) {
      const opt = Object.assign({
        blockQuote: true,
        commentString: stringifyComment.stringifyComment,
        defaultKeyType: null,
        defaultStringType: "PLAIN",
        directives: null,
        doubleQuotedAsJSON: false,
        doubleQuotedMinMultiLineLength: 40,
        falseStr: "false",
        flowCollectionPadding: true,
        indentSeq: true,
        lineWidth: 80,
        minContentWidth: 20,
        nullStr: "null",
        simpleKeys: false,
        singleQuote: null,
        trailingComma: false,
        trueStr: "true",
        verifyAliasOrder: true
      }, doc.schema.toStringOptions, options);
      let inFlow;
      switch (opt.collectionStyle) {
        case "block":
          inFlow = false;
          break;
        case "flow":
          inFlow = true;
          break;
        default:
          inFlow = null;
      }
      return {
        anchors: /* @__PURE__ */ new Set(),
        doc,
        flowCollectionPadding: opt.flowCollectionPadding ? " " : "",
        indent: "",
        indentStep: typeof opt.indent === "number" ? " ".repeat(opt.indent) : "  ",
        inFlow,
        options: opt
      };
    }
    function getTagObject(tags, item) {
      if (item.tag) {
        const match = tags.filter((t) => t.tag === item.tag);
        if (match.length > 0)
          return match.find((t) => t.format === item.format) ?? match[0];
      }
      let tagObj = void 0;
      let obj;
      if (identity.isScalar(item)) {
        obj = item.value;
        let match = tags.filter((t) => t.identify?.(obj));
        if (match.length > 1) {
          const testMatch = match.filter((t) => t.test);
          if (testMatch.length > 0)
            match = testMatch;
        }
        tagObj = match.find((t) => t.format === item.format) ?? match.find((t) => !t.format);
      } else {
        obj = item;
        tagObj = tags.find((t) => t.nodeClass && obj instanceof t.nodeClass);
      }
      if (!tagObj) {
        const name = obj?.constructor?.name ?? (obj === null ? "null" : typeof obj);
        throw new Error(`Tag not resolved for ${name} value`);
      }
      return tagObj;
    }
    function stringifyProps(node, tagObj, { anchors: anchors$1, doc }) {
      if (!doc.directives)
        return "";
      const props = [];
      const anchor = (identity.isScalar(node) || identity.isCollection(node)) && node.anchor;
      if (anchor && anchors.anchorIsValid(anchor)) {
        anchors$1.add(anchor);
        props.push(`&${anchor}`);
      }
      const tag = node.tag ?? (tagObj.default ? null : tagObj.tag);
      if (tag)
        props.push(doc.directives.tagString(tag));
      return props.join(" ");
    }
    function stringify(item, ctx, onComment, onChompKeep) {
      if (identity.isPair(item))
        return item.toString(ctx, onComment, onChompKeep);
      if (identity.isAlias(item)) {
        if (ctx.doc.directives)
          return item.toString(ctx);
        if (ctx.resolvedAliases?.has(item)) {
          throw new TypeError(`Cannot stringify circular structure without alias nodes`);
        } else {
          if (ctx.resolvedAliases)
            ctx.resolvedAliases.add(item);
          else
            ctx.resolvedAliases = /* @__PURE__ */ new Set([item]);
          item = item.resolve(ctx.doc);
        }
      }
      let tagObj = void 0;
      const node = identity.isNode(item) ? item : ctx.doc.createNode(item, { onTagObj: (o) => tagObj = o });
      tagObj ?? (tagObj = getTagObject(ctx.doc.schema.tags, node));
      const props = stringifyProps(node, tagObj, ctx);
      if (props.length > 0)
        ctx.indentAtStart = (ctx.indentAtStart ?? 0) + props.length + 1;
      const str3 = typeof tagObj.stringify === "function" ? tagObj.stringify(node, ctx, onComment, onChompKeep) : identity.isScalar(node) ? stringifyString.stringifyString(node, ctx, onComment, onChompKeep) : node.toString(ctx, onComment, onChompKeep);
      if (!props)
        return str3;
      return identity.isScalar(node) || str3[0] === "{" || str3[0] === "[" ? `${props} ${str3}` : `${props}
${ctx.indent}${str3}`;
    }
    exports.createStringifyContext = createStringifyContext;
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/stringify/stringifyPair.js
var require_stringifyPair = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyPair.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyPair({ key, value }, ctx, onComment, onChompKeep) {
      const { allNullValues, doc, indent, indentStep, options: { commentString, indentSeq, simpleKeys } } = ctx;
      let keyComment = identity.isNode(key) && key.comment || null;
      if (simpleKeys) {
        if (keyComment) {
          throw new Error("With simple keys, key nodes cannot have comments");
        }
        if (identity.isCollection(key) || !identity.isNode(key) && typeof key === "object") {
          const msg = "With simple keys, collection cannot be used as a key value";
          throw new Error(msg);
        }
      }
      let explicitKey = !simpleKeys && (!key || keyComment && value == null && !ctx.inFlow || identity.isCollection(key) || (identity.isScalar(key) ? key.type === Scalar.Scalar.BLOCK_FOLDED || key.type === Scalar.Scalar.BLOCK_LITERAL : typeof key === "object"));
      ctx = Object.assign({}, ctx, {
        allNullValues: false,
        implicitKey: !explicitKey && (simpleKeys || !allNullValues),
        indent: indent + indentStep
      });
      let keyCommentDone = false;
      let chompKeep = false;
      let str3 = stringify.stringify(key, ctx, () => keyCommentDone = true, () => chompKeep = true);
      if (!explicitKey && !ctx.inFlow && str3.length > 1024) {
        if (simpleKeys)
          throw new Error("With simple keys, single line scalar must not span more than 1024 characters");
        explicitKey = true;
      }
      if (ctx.inFlow) {
        if (allNullValues || value == null) {
          if (keyCommentDone && onComment)
            onComment();
          return str3 === "" ? "?" : explicitKey ? `? ${str3}` : str3;
        }
      } else if (allNullValues && !simpleKeys || value == null && explicitKey) {
        str3 = `? ${str3}`;
        if (keyComment && !keyCommentDone) {
          str3 += stringifyComment.lineComment(str3, ctx.indent, commentString(keyComment));
        } else if (chompKeep && onChompKeep)
          onChompKeep();
        return str3;
      }
      if (keyCommentDone)
        keyComment = null;
      if (explicitKey) {
        if (keyComment)
          str3 += stringifyComment.lineComment(str3, ctx.indent, commentString(keyComment));
        str3 = `? ${str3}
${indent}:`;
      } else {
        str3 = `${str3}:`;
        if (keyComment)
          str3 += stringifyComment.lineComment(str3, ctx.indent, commentString(keyComment));
      }
      let vsb, vcb, valueComment;
      if (identity.isNode(value)) {
        vsb = !!value.spaceBefore;
        vcb = value.commentBefore;
        valueComment = value.comment;
      } else {
        vsb = false;
        vcb = null;
        valueComment = null;
        if (value && typeof value === "object")
          value = doc.createNode(value);
      }
      ctx.implicitKey = false;
      if (!explicitKey && !keyComment && identity.isScalar(value))
        ctx.indentAtStart = str3.length + 1;
      chompKeep = false;
      if (!indentSeq && indentStep.length >= 2 && !ctx.inFlow && !explicitKey && identity.isSeq(value) && !value.flow && !value.tag && !value.anchor) {
        ctx.indent = ctx.indent.substring(2);
      }
      let valueCommentDone = false;
      const valueStr = stringify.stringify(value, ctx, () => valueCommentDone = true, () => chompKeep = true);
      let ws = " ";
      if (keyComment || vsb || vcb) {
        ws = vsb ? "\n" : "";
        if (vcb) {
          const cs = commentString(vcb);
          ws += `
${stringifyComment.indentComment(cs, ctx.indent)}`;
        }
        if (valueStr === "" && !ctx.inFlow) {
          if (ws === "\n" && valueComment)
            ws = "\n\n";
        } else {
          ws += `
${ctx.indent}`;
        }
      } else if (!explicitKey && identity.isCollection(value)) {
        const vs0 = valueStr[0];
        const nl0 = valueStr.indexOf("\n");
        const hasNewline = nl0 !== -1;
        const flow = ctx.inFlow ?? value.flow ?? value.items.length === 0;
        if (hasNewline || !flow) {
          let hasPropsLine = false;
          if (hasNewline && (vs0 === "&" || vs0 === "!")) {
            let sp0 = valueStr.indexOf(" ");
            if (vs0 === "&" && sp0 !== -1 && sp0 < nl0 && valueStr[sp0 + 1] === "!") {
              sp0 = valueStr.indexOf(" ", sp0 + 1);
            }
            if (sp0 === -1 || nl0 < sp0)
              hasPropsLine = true;
          }
          if (!hasPropsLine)
            ws = `
${ctx.indent}`;
        }
      } else if (valueStr === "" || valueStr[0] === "\n") {
        ws = "";
      }
      str3 += ws + valueStr;
      if (ctx.inFlow) {
        if (valueCommentDone && onComment)
          onComment();
      } else if (valueComment && !valueCommentDone) {
        str3 += stringifyComment.lineComment(str3, ctx.indent, commentString(valueComment));
      } else if (chompKeep && onChompKeep) {
        onChompKeep();
      }
      return str3;
    }
    exports.stringifyPair = stringifyPair;
  }
});

// node_modules/yaml/dist/log.js
var require_log = __commonJS({
  "node_modules/yaml/dist/log.js"(exports) {
    "use strict";
    var node_process = __require("process");
    function debug(logLevel, ...messages) {
      if (logLevel === "debug")
        console.log(...messages);
    }
    function warn(logLevel, warning) {
      if (logLevel === "debug" || logLevel === "warn") {
        if (typeof node_process.emitWarning === "function")
          node_process.emitWarning(warning);
        else
          console.warn(warning);
      }
    }
    exports.debug = debug;
    exports.warn = warn;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/merge.js
var require_merge = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/merge.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var MERGE_KEY = "<<";
    var merge = {
      identify: (value) => value === MERGE_KEY || typeof value === "symbol" && value.description === MERGE_KEY,
      default: "key",
      tag: "tag:yaml.org,2002:merge",
      test: /^<<$/,
      resolve: () => Object.assign(new Scalar.Scalar(Symbol(MERGE_KEY)), {
        addToJSMap: addMergeToJSMap
      }),
      stringify: () => MERGE_KEY
    };
    var isMergeKey = (ctx, key) => (merge.identify(key) || identity.isScalar(key) && (!key.type || key.type === Scalar.Scalar.PLAIN) && merge.identify(key.value)) && ctx?.doc.schema.tags.some((tag) => tag.tag === merge.tag && tag.default);
    function addMergeToJSMap(ctx, map, value) {
      const source = resolveAliasValue(ctx, value);
      if (identity.isSeq(source))
        for (const it of source.items)
          mergeValue(ctx, map, it);
      else if (Array.isArray(source))
        for (const it of source)
          mergeValue(ctx, map, it);
      else
        mergeValue(ctx, map, source);
    }
    function mergeValue(ctx, map, value) {
      const source = resolveAliasValue(ctx, value);
      if (!identity.isMap(source))
        throw new Error("Merge sources must be maps or map aliases");
      const srcMap = source.toJSON(null, ctx, Map);
      for (const [key, value2] of srcMap) {
        if (map instanceof Map) {
          if (!map.has(key))
            map.set(key, value2);
        } else if (map instanceof Set) {
          map.add(key);
        } else if (!Object.prototype.hasOwnProperty.call(map, key)) {
          Object.defineProperty(map, key, {
            value: value2,
            writable: true,
            enumerable: true,
            configurable: true
          });
        }
      }
      return map;
    }
    function resolveAliasValue(ctx, value) {
      return ctx && identity.isAlias(value) ? value.resolve(ctx.doc, ctx) : value;
    }
    exports.addMergeToJSMap = addMergeToJSMap;
    exports.isMergeKey = isMergeKey;
    exports.merge = merge;
  }
});

// node_modules/yaml/dist/nodes/addPairToJSMap.js
var require_addPairToJSMap = __commonJS({
  "node_modules/yaml/dist/nodes/addPairToJSMap.js"(exports) {
    "use strict";
    var log = require_log();
    var merge = require_merge();
    var stringify = require_stringify();
    var identity = require_identity();
    var toJS = require_toJS();
    function addPairToJSMap(ctx, map, { key, value }) {
      if (identity.isNode(key) && key.addToJSMap)
        key.addToJSMap(ctx, map, value);
      else if (merge.isMergeKey(ctx, key))
        merge.addMergeToJSMap(ctx, map, value);
      else {
        const jsKey = toJS.toJS(key, "", ctx);
        if (map instanceof Map) {
          map.set(jsKey, toJS.toJS(value, jsKey, ctx));
        } else if (map instanceof Set) {
          map.add(jsKey);
        } else {
          const stringKey = stringifyKey(key, jsKey, ctx);
          const jsValue = toJS.toJS(value, stringKey, ctx);
          if (stringKey in map)
            Object.defineProperty(map, stringKey, {
              value: jsValue,
              writable: true,
              enumerable: true,
              configurable: true
            });
          else
            map[stringKey] = jsValue;
        }
      }
      return map;
    }
    function stringifyKey(key, jsKey, ctx) {
      if (jsKey === null)
        return "";
      if (typeof jsKey !== "object")
        return String(jsKey);
      if (identity.isNode(key) && ctx?.doc) {
        const strCtx = stringify.createStringifyContext(ctx.doc, {});
        strCtx.anchors = /* @__PURE__ */ new Set();
        for (const node of ctx.anchors.keys())
          strCtx.anchors.add(node.anchor);
        strCtx.inFlow = true;
        strCtx.inStringifyKey = true;
        const strKey = key.toString(strCtx);
        if (!ctx.mapKeyWarned) {
          let jsonStr = JSON.stringify(strKey);
          if (jsonStr.length > 40)
            jsonStr = jsonStr.substring(0, 36) + '..."';
          log.warn(ctx.doc.options.logLevel, `Keys with collection values will be stringified due to JS Object restrictions: ${jsonStr}. Set mapAsMap: true to use object keys.`);
          ctx.mapKeyWarned = true;
        }
        return strKey;
      }
      return JSON.stringify(jsKey);
    }
    exports.addPairToJSMap = addPairToJSMap;
  }
});

// node_modules/yaml/dist/nodes/Pair.js
var require_Pair = __commonJS({
  "node_modules/yaml/dist/nodes/Pair.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var stringifyPair = require_stringifyPair();
    var addPairToJSMap = require_addPairToJSMap();
    var identity = require_identity();
    function createPair(key, value, ctx) {
      const k = createNode.createNode(key, void 0, ctx);
      const v = createNode.createNode(value, void 0, ctx);
      return new Pair(k, v);
    }
    var Pair = class _Pair {
      constructor(key, value = null) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.PAIR });
        this.key = key;
        this.value = value;
      }
      clone(schema) {
        let { key, value } = this;
        if (identity.isNode(key))
          key = key.clone(schema);
        if (identity.isNode(value))
          value = value.clone(schema);
        return new _Pair(key, value);
      }
      toJSON(_, ctx) {
        const pair = ctx?.mapAsMap ? /* @__PURE__ */ new Map() : {};
        return addPairToJSMap.addPairToJSMap(ctx, pair, this);
      }
      toString(ctx, onComment, onChompKeep) {
        return ctx?.doc ? stringifyPair.stringifyPair(this, ctx, onComment, onChompKeep) : JSON.stringify(this);
      }
    };
    exports.Pair = Pair;
    exports.createPair = createPair;
  }
});

// node_modules/yaml/dist/stringify/stringifyCollection.js
var require_stringifyCollection = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyCollection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyCollection(collection, ctx, options) {
      const flow = ctx.inFlow ?? collection.flow;
      const stringify2 = flow ? stringifyFlowCollection : stringifyBlockCollection;
      return stringify2(collection, ctx, options);
    }
    function stringifyBlockCollection({ comment, items }, ctx, { blockItemPrefix, flowChars, itemIndent, onChompKeep, onComment }) {
      const { indent, options: { commentString } } = ctx;
      const itemCtx = Object.assign({}, ctx, { indent: itemIndent, type: null });
      let chompKeep = false;
      const lines = [];
      for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment2 = null;
        if (identity.isNode(item)) {
          if (!chompKeep && item.spaceBefore)
            lines.push("");
          addCommentBefore(ctx, lines, item.commentBefore, chompKeep);
          if (item.comment)
            comment2 = item.comment;
        } else if (identity.isPair(item)) {
          const ik = identity.isNode(item.key) ? item.key : null;
          if (ik) {
            if (!chompKeep && ik.spaceBefore)
              lines.push("");
            addCommentBefore(ctx, lines, ik.commentBefore, chompKeep);
          }
        }
        chompKeep = false;
        let str4 = stringify.stringify(item, itemCtx, () => comment2 = null, () => chompKeep = true);
        if (comment2)
          str4 += stringifyComment.lineComment(str4, itemIndent, commentString(comment2));
        if (chompKeep && comment2)
          chompKeep = false;
        lines.push(blockItemPrefix + str4);
      }
      let str3;
      if (lines.length === 0) {
        str3 = flowChars.start + flowChars.end;
      } else {
        str3 = lines[0];
        for (let i = 1; i < lines.length; ++i) {
          const line = lines[i];
          str3 += line ? `
${indent}${line}` : "\n";
        }
      }
      if (comment) {
        str3 += "\n" + stringifyComment.indentComment(commentString(comment), indent);
        if (onComment)
          onComment();
      } else if (chompKeep && onChompKeep)
        onChompKeep();
      return str3;
    }
    function stringifyFlowCollection({ items }, ctx, { flowChars, itemIndent }) {
      const { indent, indentStep, flowCollectionPadding: fcPadding, options: { commentString } } = ctx;
      itemIndent += indentStep;
      const itemCtx = Object.assign({}, ctx, {
        indent: itemIndent,
        inFlow: true,
        type: null
      });
      let reqNewline = false;
      let linesAtValue = 0;
      const lines = [];
      for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment = null;
        if (identity.isNode(item)) {
          if (item.spaceBefore)
            lines.push("");
          addCommentBefore(ctx, lines, item.commentBefore, false);
          if (item.comment)
            comment = item.comment;
        } else if (identity.isPair(item)) {
          const ik = identity.isNode(item.key) ? item.key : null;
          if (ik) {
            if (ik.spaceBefore)
              lines.push("");
            addCommentBefore(ctx, lines, ik.commentBefore, false);
            if (ik.comment)
              reqNewline = true;
          }
          const iv = identity.isNode(item.value) ? item.value : null;
          if (iv) {
            if (iv.comment)
              comment = iv.comment;
            if (iv.commentBefore)
              reqNewline = true;
          } else if (item.value == null && ik?.comment) {
            comment = ik.comment;
          }
        }
        if (comment)
          reqNewline = true;
        let str3 = stringify.stringify(item, itemCtx, () => comment = null);
        reqNewline || (reqNewline = lines.length > linesAtValue || str3.includes("\n"));
        if (i < items.length - 1) {
          str3 += ",";
        } else if (ctx.options.trailingComma) {
          if (ctx.options.lineWidth > 0) {
            reqNewline || (reqNewline = lines.reduce((sum, line) => sum + line.length + 2, 2) + (str3.length + 2) > ctx.options.lineWidth);
          }
          if (reqNewline) {
            str3 += ",";
          }
        }
        if (comment)
          str3 += stringifyComment.lineComment(str3, itemIndent, commentString(comment));
        lines.push(str3);
        linesAtValue = lines.length;
      }
      const { start, end } = flowChars;
      if (lines.length === 0) {
        return start + end;
      } else {
        if (!reqNewline) {
          const len = lines.reduce((sum, line) => sum + line.length + 2, 2);
          reqNewline = ctx.options.lineWidth > 0 && len > ctx.options.lineWidth;
        }
        if (reqNewline) {
          let str3 = start;
          for (const line of lines)
            str3 += line ? `
${indentStep}${indent}${line}` : "\n";
          return `${str3}
${indent}${end}`;
        } else {
          return `${start}${fcPadding}${lines.join(" ")}${fcPadding}${end}`;
        }
      }
    }
    function addCommentBefore({ indent, options: { commentString } }, lines, comment, chompKeep) {
      if (comment && chompKeep)
        comment = comment.replace(/^\n+/, "");
      if (comment) {
        const ic = stringifyComment.indentComment(commentString(comment), indent);
        lines.push(ic.trimStart());
      }
    }
    exports.stringifyCollection = stringifyCollection;
  }
});

// node_modules/yaml/dist/nodes/YAMLMap.js
var require_YAMLMap = __commonJS({
  "node_modules/yaml/dist/nodes/YAMLMap.js"(exports) {
    "use strict";
    var stringifyCollection = require_stringifyCollection();
    var addPairToJSMap = require_addPairToJSMap();
    var Collection = require_Collection();
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    function findPair(items, key) {
      const k = identity.isScalar(key) ? key.value : key;
      for (const it of items) {
        if (identity.isPair(it)) {
          if (it.key === key || it.key === k)
            return it;
          if (identity.isScalar(it.key) && it.key.value === k)
            return it;
        }
      }
      return void 0;
    }
    var YAMLMap = class extends Collection.Collection {
      static get tagName() {
        return "tag:yaml.org,2002:map";
      }
      constructor(schema) {
        super(identity.MAP, schema);
        this.items = [];
      }
      /**
       * A generic collection parsing method that can be extended
       * to other node classes that inherit from YAMLMap
       */
      static from(schema, obj, ctx) {
        const { keepUndefined, replacer } = ctx;
        const map = new this(schema);
        const add = (key, value) => {
          if (typeof replacer === "function")
            value = replacer.call(obj, key, value);
          else if (Array.isArray(replacer) && !replacer.includes(key))
            return;
          if (value !== void 0 || keepUndefined)
            map.items.push(Pair.createPair(key, value, ctx));
        };
        if (obj instanceof Map) {
          for (const [key, value] of obj)
            add(key, value);
        } else if (obj && typeof obj === "object") {
          for (const key of Object.keys(obj))
            add(key, obj[key]);
        }
        if (typeof schema.sortMapEntries === "function") {
          map.items.sort(schema.sortMapEntries);
        }
        return map;
      }
      /**
       * Adds a value to the collection.
       *
       * @param overwrite - If not set `true`, using a key that is already in the
       *   collection will throw. Otherwise, overwrites the previous value.
       */
      add(pair, overwrite) {
        let _pair;
        if (identity.isPair(pair))
          _pair = pair;
        else if (!pair || typeof pair !== "object" || !("key" in pair)) {
          _pair = new Pair.Pair(pair, pair?.value);
        } else
          _pair = new Pair.Pair(pair.key, pair.value);
        const prev = findPair(this.items, _pair.key);
        const sortEntries = this.schema?.sortMapEntries;
        if (prev) {
          if (!overwrite)
            throw new Error(`Key ${_pair.key} already set`);
          if (identity.isScalar(prev.value) && Scalar.isScalarValue(_pair.value))
            prev.value.value = _pair.value;
          else
            prev.value = _pair.value;
        } else if (sortEntries) {
          const i = this.items.findIndex((item) => sortEntries(_pair, item) < 0);
          if (i === -1)
            this.items.push(_pair);
          else
            this.items.splice(i, 0, _pair);
        } else {
          this.items.push(_pair);
        }
      }
      delete(key) {
        const it = findPair(this.items, key);
        if (!it)
          return false;
        const del = this.items.splice(this.items.indexOf(it), 1);
        return del.length > 0;
      }
      get(key, keepScalar) {
        const it = findPair(this.items, key);
        const node = it?.value;
        return (!keepScalar && identity.isScalar(node) ? node.value : node) ?? void 0;
      }
      has(key) {
        return !!findPair(this.items, key);
      }
      set(key, value) {
        this.add(new Pair.Pair(key, value), true);
      }
      /**
       * @param ctx - Conversion context, originally set in Document#toJS()
       * @param {Class} Type - If set, forces the returned collection type
       * @returns Instance of Type, Map, or Object
       */
      toJSON(_, ctx, Type) {
        const map = Type ? new Type() : ctx?.mapAsMap ? /* @__PURE__ */ new Map() : {};
        if (ctx?.onCreate)
          ctx.onCreate(map);
        for (const item of this.items)
          addPairToJSMap.addPairToJSMap(ctx, map, item);
        return map;
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        for (const item of this.items) {
          if (!identity.isPair(item))
            throw new Error(`Map items must all be pairs; found ${JSON.stringify(item)} instead`);
        }
        if (!ctx.allNullValues && this.hasAllNullValues(false))
          ctx = Object.assign({}, ctx, { allNullValues: true });
        return stringifyCollection.stringifyCollection(this, ctx, {
          blockItemPrefix: "",
          flowChars: { start: "{", end: "}" },
          itemIndent: ctx.indent || "",
          onChompKeep,
          onComment
        });
      }
    };
    exports.YAMLMap = YAMLMap;
    exports.findPair = findPair;
  }
});

// node_modules/yaml/dist/schema/common/map.js
var require_map = __commonJS({
  "node_modules/yaml/dist/schema/common/map.js"(exports) {
    "use strict";
    var identity = require_identity();
    var YAMLMap = require_YAMLMap();
    var map = {
      collection: "map",
      default: true,
      nodeClass: YAMLMap.YAMLMap,
      tag: "tag:yaml.org,2002:map",
      resolve(map2, onError) {
        if (!identity.isMap(map2))
          onError("Expected a mapping for this tag");
        return map2;
      },
      createNode: (schema, obj, ctx) => YAMLMap.YAMLMap.from(schema, obj, ctx)
    };
    exports.map = map;
  }
});

// node_modules/yaml/dist/nodes/YAMLSeq.js
var require_YAMLSeq = __commonJS({
  "node_modules/yaml/dist/nodes/YAMLSeq.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var stringifyCollection = require_stringifyCollection();
    var Collection = require_Collection();
    var identity = require_identity();
    var Scalar = require_Scalar();
    var toJS = require_toJS();
    var YAMLSeq = class extends Collection.Collection {
      static get tagName() {
        return "tag:yaml.org,2002:seq";
      }
      constructor(schema) {
        super(identity.SEQ, schema);
        this.items = [];
      }
      add(value) {
        this.items.push(value);
      }
      /**
       * Removes a value from the collection.
       *
       * `key` must contain a representation of an integer for this to succeed.
       * It may be wrapped in a `Scalar`.
       *
       * @returns `true` if the item was found and removed.
       */
      delete(key) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          return false;
        const del = this.items.splice(idx, 1);
        return del.length > 0;
      }
      get(key, keepScalar) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          return void 0;
        const it = this.items[idx];
        return !keepScalar && identity.isScalar(it) ? it.value : it;
      }
      /**
       * Checks if the collection includes a value with the key `key`.
       *
       * `key` must contain a representation of an integer for this to succeed.
       * It may be wrapped in a `Scalar`.
       */
      has(key) {
        const idx = asItemIndex(key);
        return typeof idx === "number" && idx < this.items.length;
      }
      /**
       * Sets a value in this collection. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       *
       * If `key` does not contain a representation of an integer, this will throw.
       * It may be wrapped in a `Scalar`.
       */
      set(key, value) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          throw new Error(`Expected a valid index, not ${key}.`);
        const prev = this.items[idx];
        if (identity.isScalar(prev) && Scalar.isScalarValue(value))
          prev.value = value;
        else
          this.items[idx] = value;
      }
      toJSON(_, ctx) {
        const seq = [];
        if (ctx?.onCreate)
          ctx.onCreate(seq);
        let i = 0;
        for (const item of this.items)
          seq.push(toJS.toJS(item, String(i++), ctx));
        return seq;
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        return stringifyCollection.stringifyCollection(this, ctx, {
          blockItemPrefix: "- ",
          flowChars: { start: "[", end: "]" },
          itemIndent: (ctx.indent || "") + "  ",
          onChompKeep,
          onComment
        });
      }
      static from(schema, obj, ctx) {
        const { replacer } = ctx;
        const seq = new this(schema);
        if (obj && Symbol.iterator in Object(obj)) {
          let i = 0;
          for (let it of obj) {
            if (typeof replacer === "function") {
              const key = obj instanceof Set ? it : String(i++);
              it = replacer.call(obj, key, it);
            }
            seq.items.push(createNode.createNode(it, void 0, ctx));
          }
        }
        return seq;
      }
    };
    function asItemIndex(key) {
      let idx = identity.isScalar(key) ? key.value : key;
      if (idx && typeof idx === "string")
        idx = Number(idx);
      return typeof idx === "number" && Number.isInteger(idx) && idx >= 0 ? idx : null;
    }
    exports.YAMLSeq = YAMLSeq;
  }
});

// node_modules/yaml/dist/schema/common/seq.js
var require_seq = __commonJS({
  "node_modules/yaml/dist/schema/common/seq.js"(exports) {
    "use strict";
    var identity = require_identity();
    var YAMLSeq = require_YAMLSeq();
    var seq = {
      collection: "seq",
      default: true,
      nodeClass: YAMLSeq.YAMLSeq,
      tag: "tag:yaml.org,2002:seq",
      resolve(seq2, onError) {
        if (!identity.isSeq(seq2))
          onError("Expected a sequence for this tag");
        return seq2;
      },
      createNode: (schema, obj, ctx) => YAMLSeq.YAMLSeq.from(schema, obj, ctx)
    };
    exports.seq = seq;
  }
});

// node_modules/yaml/dist/schema/common/string.js
var require_string = __commonJS({
  "node_modules/yaml/dist/schema/common/string.js"(exports) {
    "use strict";
    var stringifyString = require_stringifyString();
    var string = {
      identify: (value) => typeof value === "string",
      default: true,
      tag: "tag:yaml.org,2002:str",
      resolve: (str3) => str3,
      stringify(item, ctx, onComment, onChompKeep) {
        ctx = Object.assign({ actualString: true }, ctx);
        return stringifyString.stringifyString(item, ctx, onComment, onChompKeep);
      }
    };
    exports.string = string;
  }
});

// node_modules/yaml/dist/schema/common/null.js
var require_null = __commonJS({
  "node_modules/yaml/dist/schema/common/null.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var nullTag = {
      identify: (value) => value == null,
      createNode: () => new Scalar.Scalar(null),
      default: true,
      tag: "tag:yaml.org,2002:null",
      test: /^(?:~|[Nn]ull|NULL)?$/,
      resolve: () => new Scalar.Scalar(null),
      stringify: ({ source }, ctx) => typeof source === "string" && nullTag.test.test(source) ? source : ctx.options.nullStr
    };
    exports.nullTag = nullTag;
  }
});

// node_modules/yaml/dist/schema/core/bool.js
var require_bool = __commonJS({
  "node_modules/yaml/dist/schema/core/bool.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var boolTag = {
      identify: (value) => typeof value === "boolean",
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
      resolve: (str3) => new Scalar.Scalar(str3[0] === "t" || str3[0] === "T"),
      stringify({ source, value }, ctx) {
        if (source && boolTag.test.test(source)) {
          const sv = source[0] === "t" || source[0] === "T";
          if (value === sv)
            return source;
        }
        return value ? ctx.options.trueStr : ctx.options.falseStr;
      }
    };
    exports.boolTag = boolTag;
  }
});

// node_modules/yaml/dist/stringify/stringifyNumber.js
var require_stringifyNumber = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyNumber.js"(exports) {
    "use strict";
    function stringifyNumber({ format, minFractionDigits, tag, value }) {
      if (typeof value === "bigint")
        return String(value);
      const num4 = typeof value === "number" ? value : Number(value);
      if (!isFinite(num4))
        return isNaN(num4) ? ".nan" : num4 < 0 ? "-.inf" : ".inf";
      let n = Object.is(value, -0) ? "-0" : JSON.stringify(value);
      if (!format && minFractionDigits && (!tag || tag === "tag:yaml.org,2002:float") && /^-?\d/.test(n) && !n.includes("e")) {
        let i = n.indexOf(".");
        if (i < 0) {
          i = n.length;
          n += ".";
        }
        let d = minFractionDigits - (n.length - i - 1);
        while (d-- > 0)
          n += "0";
      }
      return n;
    }
    exports.stringifyNumber = stringifyNumber;
  }
});

// node_modules/yaml/dist/schema/core/float.js
var require_float = __commonJS({
  "node_modules/yaml/dist/schema/core/float.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var stringifyNumber = require_stringifyNumber();
    var floatNaN = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      resolve: (str3) => str3.slice(-3).toLowerCase() === "nan" ? NaN : str3[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
      stringify: stringifyNumber.stringifyNumber
    };
    var floatExp = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "EXP",
      test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
      resolve: (str3) => parseFloat(str3),
      stringify(node) {
        const num4 = Number(node.value);
        return isFinite(num4) ? num4.toExponential() : stringifyNumber.stringifyNumber(node);
      }
    };
    var float = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
      resolve(str3) {
        const node = new Scalar.Scalar(parseFloat(str3));
        const dot = str3.indexOf(".");
        if (dot !== -1 && str3[str3.length - 1] === "0")
          node.minFractionDigits = str3.length - dot - 1;
        return node;
      },
      stringify: stringifyNumber.stringifyNumber
    };
    exports.float = float;
    exports.floatExp = floatExp;
    exports.floatNaN = floatNaN;
  }
});

// node_modules/yaml/dist/schema/core/int.js
var require_int = __commonJS({
  "node_modules/yaml/dist/schema/core/int.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    var intIdentify = (value) => typeof value === "bigint" || Number.isInteger(value);
    var intResolve = (str3, offset, radix, { intAsBigInt }) => intAsBigInt ? BigInt(str3) : parseInt(str3.substring(offset), radix);
    function intStringify(node, radix, prefix) {
      const { value } = node;
      if (intIdentify(value) && value >= 0)
        return prefix + value.toString(radix);
      return stringifyNumber.stringifyNumber(node);
    }
    var intOct = {
      identify: (value) => intIdentify(value) && value >= 0,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "OCT",
      test: /^0o[0-7]+$/,
      resolve: (str3, _onError, opt) => intResolve(str3, 2, 8, opt),
      stringify: (node) => intStringify(node, 8, "0o")
    };
    var int = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      test: /^[-+]?[0-9]+$/,
      resolve: (str3, _onError, opt) => intResolve(str3, 0, 10, opt),
      stringify: stringifyNumber.stringifyNumber
    };
    var intHex = {
      identify: (value) => intIdentify(value) && value >= 0,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "HEX",
      test: /^0x[0-9a-fA-F]+$/,
      resolve: (str3, _onError, opt) => intResolve(str3, 2, 16, opt),
      stringify: (node) => intStringify(node, 16, "0x")
    };
    exports.int = int;
    exports.intHex = intHex;
    exports.intOct = intOct;
  }
});

// node_modules/yaml/dist/schema/core/schema.js
var require_schema = __commonJS({
  "node_modules/yaml/dist/schema/core/schema.js"(exports) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var bool2 = require_bool();
    var float = require_float();
    var int = require_int();
    var schema = [
      map.map,
      seq.seq,
      string.string,
      _null.nullTag,
      bool2.boolTag,
      int.intOct,
      int.int,
      int.intHex,
      float.floatNaN,
      float.floatExp,
      float.float
    ];
    exports.schema = schema;
  }
});

// node_modules/yaml/dist/schema/json/schema.js
var require_schema2 = __commonJS({
  "node_modules/yaml/dist/schema/json/schema.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var map = require_map();
    var seq = require_seq();
    function intIdentify(value) {
      return typeof value === "bigint" || Number.isInteger(value);
    }
    var stringifyJSON = ({ value }) => JSON.stringify(value);
    var jsonScalars = [
      {
        identify: (value) => typeof value === "string",
        default: true,
        tag: "tag:yaml.org,2002:str",
        resolve: (str3) => str3,
        stringify: stringifyJSON
      },
      {
        identify: (value) => value == null,
        createNode: () => new Scalar.Scalar(null),
        default: true,
        tag: "tag:yaml.org,2002:null",
        test: /^null$/,
        resolve: () => null,
        stringify: stringifyJSON
      },
      {
        identify: (value) => typeof value === "boolean",
        default: true,
        tag: "tag:yaml.org,2002:bool",
        test: /^true$|^false$/,
        resolve: (str3) => str3 === "true",
        stringify: stringifyJSON
      },
      {
        identify: intIdentify,
        default: true,
        tag: "tag:yaml.org,2002:int",
        test: /^-?(?:0|[1-9][0-9]*)$/,
        resolve: (str3, _onError, { intAsBigInt }) => intAsBigInt ? BigInt(str3) : parseInt(str3, 10),
        stringify: ({ value }) => intIdentify(value) ? value.toString() : JSON.stringify(value)
      },
      {
        identify: (value) => typeof value === "number",
        default: true,
        tag: "tag:yaml.org,2002:float",
        test: /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$/,
        resolve: (str3) => parseFloat(str3),
        stringify: stringifyJSON
      }
    ];
    var jsonError = {
      default: true,
      tag: "",
      test: /^/,
      resolve(str3, onError) {
        onError(`Unresolved plain scalar ${JSON.stringify(str3)}`);
        return str3;
      }
    };
    var schema = [map.map, seq.seq].concat(jsonScalars, jsonError);
    exports.schema = schema;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/binary.js
var require_binary = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/binary.js"(exports) {
    "use strict";
    var node_buffer = __require("buffer");
    var Scalar = require_Scalar();
    var stringifyString = require_stringifyString();
    var binary = {
      identify: (value) => value instanceof Uint8Array,
      // Buffer inherits from Uint8Array
      default: false,
      tag: "tag:yaml.org,2002:binary",
      /**
       * Returns a Buffer in node and an Uint8Array in browsers
       *
       * To use the resulting buffer as an image, you'll want to do something like:
       *
       *   const blob = new Blob([buffer], { type: 'image/jpeg' })
       *   document.querySelector('#photo').src = URL.createObjectURL(blob)
       */
      resolve(src, onError) {
        if (typeof node_buffer.Buffer === "function") {
          return node_buffer.Buffer.from(src, "base64");
        } else if (typeof atob === "function") {
          const str3 = atob(src.replace(/[\n\r]/g, ""));
          const buffer = new Uint8Array(str3.length);
          for (let i = 0; i < str3.length; ++i)
            buffer[i] = str3.charCodeAt(i);
          return buffer;
        } else {
          onError("This environment does not support reading binary tags; either Buffer or atob is required");
          return src;
        }
      },
      stringify({ comment, type, value }, ctx, onComment, onChompKeep) {
        if (!value)
          return "";
        const buf = value;
        let str3;
        if (typeof node_buffer.Buffer === "function") {
          str3 = buf instanceof node_buffer.Buffer ? buf.toString("base64") : node_buffer.Buffer.from(buf.buffer).toString("base64");
        } else if (typeof btoa === "function") {
          let s = "";
          for (let i = 0; i < buf.length; ++i)
            s += String.fromCharCode(buf[i]);
          str3 = btoa(s);
        } else {
          throw new Error("This environment does not support writing binary tags; either Buffer or btoa is required");
        }
        type ?? (type = Scalar.Scalar.BLOCK_LITERAL);
        if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
          const lineWidth = Math.max(ctx.options.lineWidth - ctx.indent.length, ctx.options.minContentWidth);
          const n = Math.ceil(str3.length / lineWidth);
          const lines = new Array(n);
          for (let i = 0, o = 0; i < n; ++i, o += lineWidth) {
            lines[i] = str3.substr(o, lineWidth);
          }
          str3 = lines.join(type === Scalar.Scalar.BLOCK_LITERAL ? "\n" : " ");
        }
        return stringifyString.stringifyString({ comment, type, value: str3 }, ctx, onComment, onChompKeep);
      }
    };
    exports.binary = binary;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/pairs.js
var require_pairs = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/pairs.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    var YAMLSeq = require_YAMLSeq();
    function resolvePairs(seq, onError) {
      if (identity.isSeq(seq)) {
        for (let i = 0; i < seq.items.length; ++i) {
          let item = seq.items[i];
          if (identity.isPair(item))
            continue;
          else if (identity.isMap(item)) {
            if (item.items.length > 1)
              onError("Each pair must have its own sequence indicator");
            const pair = item.items[0] || new Pair.Pair(new Scalar.Scalar(null));
            if (item.commentBefore)
              pair.key.commentBefore = pair.key.commentBefore ? `${item.commentBefore}
${pair.key.commentBefore}` : item.commentBefore;
            if (item.comment) {
              const cn = pair.value ?? pair.key;
              cn.comment = cn.comment ? `${item.comment}
${cn.comment}` : item.comment;
            }
            item = pair;
          }
          seq.items[i] = identity.isPair(item) ? item : new Pair.Pair(item);
        }
      } else
        onError("Expected a sequence for this tag");
      return seq;
    }
    function createPairs(schema, iterable, ctx) {
      const { replacer } = ctx;
      const pairs2 = new YAMLSeq.YAMLSeq(schema);
      pairs2.tag = "tag:yaml.org,2002:pairs";
      let i = 0;
      if (iterable && Symbol.iterator in Object(iterable))
        for (let it of iterable) {
          if (typeof replacer === "function")
            it = replacer.call(iterable, String(i++), it);
          let key, value;
          if (Array.isArray(it)) {
            if (it.length === 2) {
              key = it[0];
              value = it[1];
            } else
              throw new TypeError(`Expected [key, value] tuple: ${it}`);
          } else if (it && it instanceof Object) {
            const keys = Object.keys(it);
            if (keys.length === 1) {
              key = keys[0];
              value = it[key];
            } else {
              throw new TypeError(`Expected tuple with one key, not ${keys.length} keys`);
            }
          } else {
            key = it;
          }
          pairs2.items.push(Pair.createPair(key, value, ctx));
        }
      return pairs2;
    }
    var pairs = {
      collection: "seq",
      default: false,
      tag: "tag:yaml.org,2002:pairs",
      resolve: resolvePairs,
      createNode: createPairs
    };
    exports.createPairs = createPairs;
    exports.pairs = pairs;
    exports.resolvePairs = resolvePairs;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/omap.js
var require_omap = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/omap.js"(exports) {
    "use strict";
    var identity = require_identity();
    var toJS = require_toJS();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var pairs = require_pairs();
    var YAMLOMap = class _YAMLOMap extends YAMLSeq.YAMLSeq {
      constructor() {
        super();
        this.add = YAMLMap.YAMLMap.prototype.add.bind(this);
        this.delete = YAMLMap.YAMLMap.prototype.delete.bind(this);
        this.get = YAMLMap.YAMLMap.prototype.get.bind(this);
        this.has = YAMLMap.YAMLMap.prototype.has.bind(this);
        this.set = YAMLMap.YAMLMap.prototype.set.bind(this);
        this.tag = _YAMLOMap.tag;
      }
      /**
       * If `ctx` is given, the return type is actually `Map<unknown, unknown>`,
       * but TypeScript won't allow widening the signature of a child method.
       */
      toJSON(_, ctx) {
        if (!ctx)
          return super.toJSON(_);
        const map = /* @__PURE__ */ new Map();
        if (ctx?.onCreate)
          ctx.onCreate(map);
        for (const pair of this.items) {
          let key, value;
          if (identity.isPair(pair)) {
            key = toJS.toJS(pair.key, "", ctx);
            value = toJS.toJS(pair.value, key, ctx);
          } else {
            key = toJS.toJS(pair, "", ctx);
          }
          if (map.has(key))
            throw new Error("Ordered maps must not include duplicate keys");
          map.set(key, value);
        }
        return map;
      }
      static from(schema, iterable, ctx) {
        const pairs$1 = pairs.createPairs(schema, iterable, ctx);
        const omap2 = new this();
        omap2.items = pairs$1.items;
        return omap2;
      }
    };
    YAMLOMap.tag = "tag:yaml.org,2002:omap";
    var omap = {
      collection: "seq",
      identify: (value) => value instanceof Map,
      nodeClass: YAMLOMap,
      default: false,
      tag: "tag:yaml.org,2002:omap",
      resolve(seq, onError) {
        const pairs$1 = pairs.resolvePairs(seq, onError);
        const seenKeys = [];
        for (const { key } of pairs$1.items) {
          if (identity.isScalar(key)) {
            if (seenKeys.includes(key.value)) {
              onError(`Ordered maps must not include duplicate keys: ${key.value}`);
            } else {
              seenKeys.push(key.value);
            }
          }
        }
        return Object.assign(new YAMLOMap(), pairs$1);
      },
      createNode: (schema, iterable, ctx) => YAMLOMap.from(schema, iterable, ctx)
    };
    exports.YAMLOMap = YAMLOMap;
    exports.omap = omap;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/bool.js
var require_bool2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/bool.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    function boolStringify({ value, source }, ctx) {
      const boolObj = value ? trueTag : falseTag;
      if (source && boolObj.test.test(source))
        return source;
      return value ? ctx.options.trueStr : ctx.options.falseStr;
    }
    var trueTag = {
      identify: (value) => value === true,
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
      resolve: () => new Scalar.Scalar(true),
      stringify: boolStringify
    };
    var falseTag = {
      identify: (value) => value === false,
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
      resolve: () => new Scalar.Scalar(false),
      stringify: boolStringify
    };
    exports.falseTag = falseTag;
    exports.trueTag = trueTag;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/float.js
var require_float2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/float.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var stringifyNumber = require_stringifyNumber();
    var floatNaN = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      resolve: (str3) => str3.slice(-3).toLowerCase() === "nan" ? NaN : str3[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
      stringify: stringifyNumber.stringifyNumber
    };
    var floatExp = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "EXP",
      test: /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
      resolve: (str3) => parseFloat(str3.replace(/_/g, "")),
      stringify(node) {
        const num4 = Number(node.value);
        return isFinite(num4) ? num4.toExponential() : stringifyNumber.stringifyNumber(node);
      }
    };
    var float = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
      resolve(str3) {
        const node = new Scalar.Scalar(parseFloat(str3.replace(/_/g, "")));
        const dot = str3.indexOf(".");
        if (dot !== -1) {
          const f = str3.substring(dot + 1).replace(/_/g, "");
          if (f[f.length - 1] === "0")
            node.minFractionDigits = f.length;
        }
        return node;
      },
      stringify: stringifyNumber.stringifyNumber
    };
    exports.float = float;
    exports.floatExp = floatExp;
    exports.floatNaN = floatNaN;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/int.js
var require_int2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/int.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    var intIdentify = (value) => typeof value === "bigint" || Number.isInteger(value);
    function intResolve(str3, offset, radix, { intAsBigInt }) {
      const sign = str3[0];
      if (sign === "-" || sign === "+")
        offset += 1;
      str3 = str3.substring(offset).replace(/_/g, "");
      if (intAsBigInt) {
        switch (radix) {
          case 2:
            str3 = `0b${str3}`;
            break;
          case 8:
            str3 = `0o${str3}`;
            break;
          case 16:
            str3 = `0x${str3}`;
            break;
        }
        const n2 = BigInt(str3);
        return sign === "-" ? BigInt(-1) * n2 : n2;
      }
      const n = parseInt(str3, radix);
      return sign === "-" ? -1 * n : n;
    }
    function intStringify(node, radix, prefix) {
      const { value } = node;
      if (intIdentify(value)) {
        const str3 = value.toString(radix);
        return value < 0 ? "-" + prefix + str3.substr(1) : prefix + str3;
      }
      return stringifyNumber.stringifyNumber(node);
    }
    var intBin = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "BIN",
      test: /^[-+]?0b[0-1_]+$/,
      resolve: (str3, _onError, opt) => intResolve(str3, 2, 2, opt),
      stringify: (node) => intStringify(node, 2, "0b")
    };
    var intOct = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "OCT",
      test: /^[-+]?0[0-7_]+$/,
      resolve: (str3, _onError, opt) => intResolve(str3, 1, 8, opt),
      stringify: (node) => intStringify(node, 8, "0")
    };
    var int = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      test: /^[-+]?[0-9][0-9_]*$/,
      resolve: (str3, _onError, opt) => intResolve(str3, 0, 10, opt),
      stringify: stringifyNumber.stringifyNumber
    };
    var intHex = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "HEX",
      test: /^[-+]?0x[0-9a-fA-F_]+$/,
      resolve: (str3, _onError, opt) => intResolve(str3, 2, 16, opt),
      stringify: (node) => intStringify(node, 16, "0x")
    };
    exports.int = int;
    exports.intBin = intBin;
    exports.intHex = intHex;
    exports.intOct = intOct;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/set.js
var require_set = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/set.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var YAMLSet = class _YAMLSet extends YAMLMap.YAMLMap {
      constructor(schema) {
        super(schema);
        this.tag = _YAMLSet.tag;
      }
      add(key) {
        let pair;
        if (identity.isPair(key))
          pair = key;
        else if (key && typeof key === "object" && "key" in key && "value" in key && key.value === null)
          pair = new Pair.Pair(key.key, null);
        else
          pair = new Pair.Pair(key, null);
        const prev = YAMLMap.findPair(this.items, pair.key);
        if (!prev)
          this.items.push(pair);
      }
      /**
       * If `keepPair` is `true`, returns the Pair matching `key`.
       * Otherwise, returns the value of that Pair's key.
       */
      get(key, keepPair) {
        const pair = YAMLMap.findPair(this.items, key);
        return !keepPair && identity.isPair(pair) ? identity.isScalar(pair.key) ? pair.key.value : pair.key : pair;
      }
      set(key, value) {
        if (typeof value !== "boolean")
          throw new Error(`Expected boolean value for set(key, value) in a YAML set, not ${typeof value}`);
        const prev = YAMLMap.findPair(this.items, key);
        if (prev && !value) {
          this.items.splice(this.items.indexOf(prev), 1);
        } else if (!prev && value) {
          this.items.push(new Pair.Pair(key));
        }
      }
      toJSON(_, ctx) {
        return super.toJSON(_, ctx, Set);
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        if (this.hasAllNullValues(true))
          return super.toString(Object.assign({}, ctx, { allNullValues: true }), onComment, onChompKeep);
        else
          throw new Error("Set items must all have null values");
      }
      static from(schema, iterable, ctx) {
        const { replacer } = ctx;
        const set2 = new this(schema);
        if (iterable && Symbol.iterator in Object(iterable))
          for (let value of iterable) {
            if (typeof replacer === "function")
              value = replacer.call(iterable, value, value);
            set2.items.push(Pair.createPair(value, null, ctx));
          }
        return set2;
      }
    };
    YAMLSet.tag = "tag:yaml.org,2002:set";
    var set = {
      collection: "map",
      identify: (value) => value instanceof Set,
      nodeClass: YAMLSet,
      default: false,
      tag: "tag:yaml.org,2002:set",
      createNode: (schema, iterable, ctx) => YAMLSet.from(schema, iterable, ctx),
      resolve(map, onError) {
        if (identity.isMap(map)) {
          if (map.hasAllNullValues(true))
            return Object.assign(new YAMLSet(), map);
          else
            onError("Set items must all have null values");
        } else
          onError("Expected a mapping for this tag");
        return map;
      }
    };
    exports.YAMLSet = YAMLSet;
    exports.set = set;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/timestamp.js
var require_timestamp = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/timestamp.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    function parseSexagesimal(str3, asBigInt) {
      const sign = str3[0];
      const parts = sign === "-" || sign === "+" ? str3.substring(1) : str3;
      const num4 = (n) => asBigInt ? BigInt(n) : Number(n);
      const res = parts.replace(/_/g, "").split(":").reduce((res2, p) => res2 * num4(60) + num4(p), num4(0));
      return sign === "-" ? num4(-1) * res : res;
    }
    function stringifySexagesimal(node) {
      let { value } = node;
      let num4 = (n) => n;
      if (typeof value === "bigint")
        num4 = (n) => BigInt(n);
      else if (isNaN(value) || !isFinite(value))
        return stringifyNumber.stringifyNumber(node);
      let sign = "";
      if (value < 0) {
        sign = "-";
        value *= num4(-1);
      }
      const _60 = num4(60);
      const parts = [value % _60];
      if (value < 60) {
        parts.unshift(0);
      } else {
        value = (value - parts[0]) / _60;
        parts.unshift(value % _60);
        if (value >= 60) {
          value = (value - parts[0]) / _60;
          parts.unshift(value);
        }
      }
      return sign + parts.map((n) => String(n).padStart(2, "0")).join(":").replace(/000000\d*$/, "");
    }
    var intTime = {
      identify: (value) => typeof value === "bigint" || Number.isInteger(value),
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "TIME",
      test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
      resolve: (str3, _onError, { intAsBigInt }) => parseSexagesimal(str3, intAsBigInt),
      stringify: stringifySexagesimal
    };
    var floatTime = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "TIME",
      test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
      resolve: (str3) => parseSexagesimal(str3, false),
      stringify: stringifySexagesimal
    };
    var timestamp = {
      identify: (value) => value instanceof Date,
      default: true,
      tag: "tag:yaml.org,2002:timestamp",
      // If the time zone is omitted, the timestamp is assumed to be specified in UTC. The time part
      // may be omitted altogether, resulting in a date format. In such a case, the time part is
      // assumed to be 00:00:00Z (start of day, UTC).
      test: RegExp("^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \\t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$"),
      resolve(str3) {
        const match = str3.match(timestamp.test);
        if (!match)
          throw new Error("!!timestamp expects a date, starting with yyyy-mm-dd");
        const [, year, month, day, hour, minute, second] = match.map(Number);
        const millisec = match[7] ? Number((match[7] + "00").substr(1, 3)) : 0;
        let date = Date.UTC(year, month - 1, day, hour || 0, minute || 0, second || 0, millisec);
        const tz = match[8];
        if (tz && tz !== "Z") {
          let d = parseSexagesimal(tz, false);
          if (Math.abs(d) < 30)
            d *= 60;
          date -= 6e4 * d;
        }
        return new Date(date);
      },
      stringify: ({ value }) => value?.toISOString().replace(/(T00:00:00)?\.000Z$/, "") ?? ""
    };
    exports.floatTime = floatTime;
    exports.intTime = intTime;
    exports.timestamp = timestamp;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/schema.js
var require_schema3 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/schema.js"(exports) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var binary = require_binary();
    var bool2 = require_bool2();
    var float = require_float2();
    var int = require_int2();
    var merge = require_merge();
    var omap = require_omap();
    var pairs = require_pairs();
    var set = require_set();
    var timestamp = require_timestamp();
    var schema = [
      map.map,
      seq.seq,
      string.string,
      _null.nullTag,
      bool2.trueTag,
      bool2.falseTag,
      int.intBin,
      int.intOct,
      int.int,
      int.intHex,
      float.floatNaN,
      float.floatExp,
      float.float,
      binary.binary,
      merge.merge,
      omap.omap,
      pairs.pairs,
      set.set,
      timestamp.intTime,
      timestamp.floatTime,
      timestamp.timestamp
    ];
    exports.schema = schema;
  }
});

// node_modules/yaml/dist/schema/tags.js
var require_tags = __commonJS({
  "node_modules/yaml/dist/schema/tags.js"(exports) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var bool2 = require_bool();
    var float = require_float();
    var int = require_int();
    var schema = require_schema();
    var schema$1 = require_schema2();
    var binary = require_binary();
    var merge = require_merge();
    var omap = require_omap();
    var pairs = require_pairs();
    var schema$2 = require_schema3();
    var set = require_set();
    var timestamp = require_timestamp();
    var schemas = /* @__PURE__ */ new Map([
      ["core", schema.schema],
      ["failsafe", [map.map, seq.seq, string.string]],
      ["json", schema$1.schema],
      ["yaml11", schema$2.schema],
      ["yaml-1.1", schema$2.schema]
    ]);
    var tagsByName = {
      binary: binary.binary,
      bool: bool2.boolTag,
      float: float.float,
      floatExp: float.floatExp,
      floatNaN: float.floatNaN,
      floatTime: timestamp.floatTime,
      int: int.int,
      intHex: int.intHex,
      intOct: int.intOct,
      intTime: timestamp.intTime,
      map: map.map,
      merge: merge.merge,
      null: _null.nullTag,
      omap: omap.omap,
      pairs: pairs.pairs,
      seq: seq.seq,
      set: set.set,
      timestamp: timestamp.timestamp
    };
    var coreKnownTags = {
      "tag:yaml.org,2002:binary": binary.binary,
      "tag:yaml.org,2002:merge": merge.merge,
      "tag:yaml.org,2002:omap": omap.omap,
      "tag:yaml.org,2002:pairs": pairs.pairs,
      "tag:yaml.org,2002:set": set.set,
      "tag:yaml.org,2002:timestamp": timestamp.timestamp
    };
    function getTags(customTags, schemaName, addMergeTag) {
      const schemaTags = schemas.get(schemaName);
      if (schemaTags && !customTags) {
        return addMergeTag && !schemaTags.includes(merge.merge) ? schemaTags.concat(merge.merge) : schemaTags.slice();
      }
      let tags = schemaTags;
      if (!tags) {
        if (Array.isArray(customTags))
          tags = [];
        else {
          const keys = Array.from(schemas.keys()).filter((key) => key !== "yaml11").map((key) => JSON.stringify(key)).join(", ");
          throw new Error(`Unknown schema "${schemaName}"; use one of ${keys} or define customTags array`);
        }
      }
      if (Array.isArray(customTags)) {
        for (const tag of customTags)
          tags = tags.concat(tag);
      } else if (typeof customTags === "function") {
        tags = customTags(tags.slice());
      }
      if (addMergeTag)
        tags = tags.concat(merge.merge);
      return tags.reduce((tags2, tag) => {
        const tagObj = typeof tag === "string" ? tagsByName[tag] : tag;
        if (!tagObj) {
          const tagName = JSON.stringify(tag);
          const keys = Object.keys(tagsByName).map((key) => JSON.stringify(key)).join(", ");
          throw new Error(`Unknown custom tag ${tagName}; use one of ${keys}`);
        }
        if (!tags2.includes(tagObj))
          tags2.push(tagObj);
        return tags2;
      }, []);
    }
    exports.coreKnownTags = coreKnownTags;
    exports.getTags = getTags;
  }
});

// node_modules/yaml/dist/schema/Schema.js
var require_Schema = __commonJS({
  "node_modules/yaml/dist/schema/Schema.js"(exports) {
    "use strict";
    var identity = require_identity();
    var map = require_map();
    var seq = require_seq();
    var string = require_string();
    var tags = require_tags();
    var sortMapEntriesByKey = (a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    var Schema = class _Schema {
      constructor({ compat, customTags, merge, resolveKnownTags, schema, sortMapEntries, toStringDefaults }) {
        this.compat = Array.isArray(compat) ? tags.getTags(compat, "compat") : compat ? tags.getTags(null, compat) : null;
        this.name = typeof schema === "string" && schema || "core";
        this.knownTags = resolveKnownTags ? tags.coreKnownTags : {};
        this.tags = tags.getTags(customTags, this.name, merge);
        this.toStringOptions = toStringDefaults ?? null;
        Object.defineProperty(this, identity.MAP, { value: map.map });
        Object.defineProperty(this, identity.SCALAR, { value: string.string });
        Object.defineProperty(this, identity.SEQ, { value: seq.seq });
        this.sortMapEntries = typeof sortMapEntries === "function" ? sortMapEntries : sortMapEntries === true ? sortMapEntriesByKey : null;
      }
      clone() {
        const copy = Object.create(_Schema.prototype, Object.getOwnPropertyDescriptors(this));
        copy.tags = this.tags.slice();
        return copy;
      }
    };
    exports.Schema = Schema;
  }
});

// node_modules/yaml/dist/stringify/stringifyDocument.js
var require_stringifyDocument = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyDocument.js"(exports) {
    "use strict";
    var identity = require_identity();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyDocument(doc, options) {
      const lines = [];
      let hasDirectives = options.directives === true;
      if (options.directives !== false && doc.directives) {
        const dir = doc.directives.toString(doc);
        if (dir) {
          lines.push(dir);
          hasDirectives = true;
        } else if (doc.directives.docStart)
          hasDirectives = true;
      }
      if (hasDirectives)
        lines.push("---");
      const ctx = stringify.createStringifyContext(doc, options);
      const { commentString } = ctx.options;
      if (doc.commentBefore) {
        if (lines.length !== 1)
          lines.unshift("");
        const cs = commentString(doc.commentBefore);
        lines.unshift(stringifyComment.indentComment(cs, ""));
      }
      let chompKeep = false;
      let contentComment = null;
      if (doc.contents) {
        if (identity.isNode(doc.contents)) {
          if (doc.contents.spaceBefore && hasDirectives)
            lines.push("");
          if (doc.contents.commentBefore) {
            const cs = commentString(doc.contents.commentBefore);
            lines.push(stringifyComment.indentComment(cs, ""));
          }
          ctx.forceBlockIndent = !!doc.comment;
          contentComment = doc.contents.comment;
        }
        const onChompKeep = contentComment ? void 0 : () => chompKeep = true;
        let body = stringify.stringify(doc.contents, ctx, () => contentComment = null, onChompKeep);
        if (contentComment)
          body += stringifyComment.lineComment(body, "", commentString(contentComment));
        if ((body[0] === "|" || body[0] === ">") && lines[lines.length - 1] === "---") {
          lines[lines.length - 1] = `--- ${body}`;
        } else
          lines.push(body);
      } else {
        lines.push(stringify.stringify(doc.contents, ctx));
      }
      if (doc.directives?.docEnd) {
        if (doc.comment) {
          const cs = commentString(doc.comment);
          if (cs.includes("\n")) {
            lines.push("...");
            lines.push(stringifyComment.indentComment(cs, ""));
          } else {
            lines.push(`... ${cs}`);
          }
        } else {
          lines.push("...");
        }
      } else {
        let dc = doc.comment;
        if (dc && chompKeep)
          dc = dc.replace(/^\n+/, "");
        if (dc) {
          if ((!chompKeep || contentComment) && lines[lines.length - 1] !== "")
            lines.push("");
          lines.push(stringifyComment.indentComment(commentString(dc), ""));
        }
      }
      return lines.join("\n") + "\n";
    }
    exports.stringifyDocument = stringifyDocument;
  }
});

// node_modules/yaml/dist/doc/Document.js
var require_Document = __commonJS({
  "node_modules/yaml/dist/doc/Document.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var Collection = require_Collection();
    var identity = require_identity();
    var Pair = require_Pair();
    var toJS = require_toJS();
    var Schema = require_Schema();
    var stringifyDocument = require_stringifyDocument();
    var anchors = require_anchors();
    var applyReviver = require_applyReviver();
    var createNode = require_createNode();
    var directives = require_directives();
    var Document = class _Document {
      constructor(value, replacer, options) {
        this.commentBefore = null;
        this.comment = null;
        this.errors = [];
        this.warnings = [];
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.DOC });
        let _replacer = null;
        if (typeof replacer === "function" || Array.isArray(replacer)) {
          _replacer = replacer;
        } else if (options === void 0 && replacer) {
          options = replacer;
          replacer = void 0;
        }
        const opt = Object.assign({
          intAsBigInt: false,
          keepSourceTokens: false,
          logLevel: "warn",
          prettyErrors: true,
          strict: true,
          stringKeys: false,
          uniqueKeys: true,
          version: "1.2"
        }, options);
        this.options = opt;
        let { version } = opt;
        if (options?._directives) {
          this.directives = options._directives.atDocument();
          if (this.directives.yaml.explicit)
            version = this.directives.yaml.version;
        } else
          this.directives = new directives.Directives({ version });
        this.setSchema(version, options);
        this.contents = value === void 0 ? null : this.createNode(value, _replacer, options);
      }
      /**
       * Create a deep copy of this Document and its contents.
       *
       * Custom Node values that inherit from `Object` still refer to their original instances.
       */
      clone() {
        const copy = Object.create(_Document.prototype, {
          [identity.NODE_TYPE]: { value: identity.DOC }
        });
        copy.commentBefore = this.commentBefore;
        copy.comment = this.comment;
        copy.errors = this.errors.slice();
        copy.warnings = this.warnings.slice();
        copy.options = Object.assign({}, this.options);
        if (this.directives)
          copy.directives = this.directives.clone();
        copy.schema = this.schema.clone();
        copy.contents = identity.isNode(this.contents) ? this.contents.clone(copy.schema) : this.contents;
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /** Adds a value to the document. */
      add(value) {
        if (assertCollection(this.contents))
          this.contents.add(value);
      }
      /** Adds a value to the document. */
      addIn(path11, value) {
        if (assertCollection(this.contents))
          this.contents.addIn(path11, value);
      }
      /**
       * Create a new `Alias` node, ensuring that the target `node` has the required anchor.
       *
       * If `node` already has an anchor, `name` is ignored.
       * Otherwise, the `node.anchor` value will be set to `name`,
       * or if an anchor with that name is already present in the document,
       * `name` will be used as a prefix for a new unique anchor.
       * If `name` is undefined, the generated anchor will use 'a' as a prefix.
       */
      createAlias(node, name) {
        if (!node.anchor) {
          const prev = anchors.anchorNames(this);
          node.anchor = // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
          !name || prev.has(name) ? anchors.findNewAnchor(name || "a", prev) : name;
        }
        return new Alias.Alias(node.anchor);
      }
      createNode(value, replacer, options) {
        let _replacer = void 0;
        if (typeof replacer === "function") {
          value = replacer.call({ "": value }, "", value);
          _replacer = replacer;
        } else if (Array.isArray(replacer)) {
          const keyToStr = (v) => typeof v === "number" || v instanceof String || v instanceof Number;
          const asStr = replacer.filter(keyToStr).map(String);
          if (asStr.length > 0)
            replacer = replacer.concat(asStr);
          _replacer = replacer;
        } else if (options === void 0 && replacer) {
          options = replacer;
          replacer = void 0;
        }
        const { aliasDuplicateObjects, anchorPrefix, flow, keepUndefined, onTagObj, tag } = options ?? {};
        const { onAnchor, setAnchors, sourceObjects } = anchors.createNodeAnchors(
          this,
          // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
          anchorPrefix || "a"
        );
        const ctx = {
          aliasDuplicateObjects: aliasDuplicateObjects ?? true,
          keepUndefined: keepUndefined ?? false,
          onAnchor,
          onTagObj,
          replacer: _replacer,
          schema: this.schema,
          sourceObjects
        };
        const node = createNode.createNode(value, tag, ctx);
        if (flow && identity.isCollection(node))
          node.flow = true;
        setAnchors();
        return node;
      }
      /**
       * Convert a key and a value into a `Pair` using the current schema,
       * recursively wrapping all values as `Scalar` or `Collection` nodes.
       */
      createPair(key, value, options = {}) {
        const k = this.createNode(key, null, options);
        const v = this.createNode(value, null, options);
        return new Pair.Pair(k, v);
      }
      /**
       * Removes a value from the document.
       * @returns `true` if the item was found and removed.
       */
      delete(key) {
        return assertCollection(this.contents) ? this.contents.delete(key) : false;
      }
      /**
       * Removes a value from the document.
       * @returns `true` if the item was found and removed.
       */
      deleteIn(path11) {
        if (Collection.isEmptyPath(path11)) {
          if (this.contents == null)
            return false;
          this.contents = null;
          return true;
        }
        return assertCollection(this.contents) ? this.contents.deleteIn(path11) : false;
      }
      /**
       * Returns item at `key`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      get(key, keepScalar) {
        return identity.isCollection(this.contents) ? this.contents.get(key, keepScalar) : void 0;
      }
      /**
       * Returns item at `path`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      getIn(path11, keepScalar) {
        if (Collection.isEmptyPath(path11))
          return !keepScalar && identity.isScalar(this.contents) ? this.contents.value : this.contents;
        return identity.isCollection(this.contents) ? this.contents.getIn(path11, keepScalar) : void 0;
      }
      /**
       * Checks if the document includes a value with the key `key`.
       */
      has(key) {
        return identity.isCollection(this.contents) ? this.contents.has(key) : false;
      }
      /**
       * Checks if the document includes a value at `path`.
       */
      hasIn(path11) {
        if (Collection.isEmptyPath(path11))
          return this.contents !== void 0;
        return identity.isCollection(this.contents) ? this.contents.hasIn(path11) : false;
      }
      /**
       * Sets a value in this document. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      set(key, value) {
        if (this.contents == null) {
          this.contents = Collection.collectionFromPath(this.schema, [key], value);
        } else if (assertCollection(this.contents)) {
          this.contents.set(key, value);
        }
      }
      /**
       * Sets a value in this document. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      setIn(path11, value) {
        if (Collection.isEmptyPath(path11)) {
          this.contents = value;
        } else if (this.contents == null) {
          this.contents = Collection.collectionFromPath(this.schema, Array.from(path11), value);
        } else if (assertCollection(this.contents)) {
          this.contents.setIn(path11, value);
        }
      }
      /**
       * Change the YAML version and schema used by the document.
       * A `null` version disables support for directives, explicit tags, anchors, and aliases.
       * It also requires the `schema` option to be given as a `Schema` instance value.
       *
       * Overrides all previously set schema options.
       */
      setSchema(version, options = {}) {
        if (typeof version === "number")
          version = String(version);
        let opt;
        switch (version) {
          case "1.1":
            if (this.directives)
              this.directives.yaml.version = "1.1";
            else
              this.directives = new directives.Directives({ version: "1.1" });
            opt = { resolveKnownTags: false, schema: "yaml-1.1" };
            break;
          case "1.2":
          case "next":
            if (this.directives)
              this.directives.yaml.version = version;
            else
              this.directives = new directives.Directives({ version });
            opt = { resolveKnownTags: true, schema: "core" };
            break;
          case null:
            if (this.directives)
              delete this.directives;
            opt = null;
            break;
          default: {
            const sv = JSON.stringify(version);
            throw new Error(`Expected '1.1', '1.2' or null as first argument, but found: ${sv}`);
          }
        }
        if (options.schema instanceof Object)
          this.schema = options.schema;
        else if (opt)
          this.schema = new Schema.Schema(Object.assign(opt, options));
        else
          throw new Error(`With a null YAML version, the { schema: Schema } option is required`);
      }
      // json & jsonArg are only used from toJSON()
      toJS({ json, jsonArg, mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        const ctx = {
          anchors: /* @__PURE__ */ new Map(),
          doc: this,
          keep: !json,
          mapAsMap: mapAsMap === true,
          mapKeyWarned: false,
          maxAliasCount: typeof maxAliasCount === "number" ? maxAliasCount : 100
        };
        const res = toJS.toJS(this.contents, jsonArg ?? "", ctx);
        if (typeof onAnchor === "function")
          for (const { count, res: res2 } of ctx.anchors.values())
            onAnchor(res2, count);
        return typeof reviver === "function" ? applyReviver.applyReviver(reviver, { "": res }, "", res) : res;
      }
      /**
       * A JSON representation of the document `contents`.
       *
       * @param jsonArg Used by `JSON.stringify` to indicate the array index or
       *   property name.
       */
      toJSON(jsonArg, onAnchor) {
        return this.toJS({ json: true, jsonArg, mapAsMap: false, onAnchor });
      }
      /** A YAML representation of the document. */
      toString(options = {}) {
        if (this.errors.length > 0)
          throw new Error("Document with errors cannot be stringified");
        if ("indent" in options && (!Number.isInteger(options.indent) || Number(options.indent) <= 0)) {
          const s = JSON.stringify(options.indent);
          throw new Error(`"indent" option must be a positive integer, not ${s}`);
        }
        return stringifyDocument.stringifyDocument(this, options);
      }
    };
    function assertCollection(contents) {
      if (identity.isCollection(contents))
        return true;
      throw new Error("Expected a YAML collection as document contents");
    }
    exports.Document = Document;
  }
});

// node_modules/yaml/dist/errors.js
var require_errors2 = __commonJS({
  "node_modules/yaml/dist/errors.js"(exports) {
    "use strict";
    var YAMLError = class extends Error {
      constructor(name, pos, code2, message) {
        super();
        this.name = name;
        this.code = code2;
        this.message = message;
        this.pos = pos;
      }
    };
    var YAMLParseError = class extends YAMLError {
      constructor(pos, code2, message) {
        super("YAMLParseError", pos, code2, message);
      }
    };
    var YAMLWarning = class extends YAMLError {
      constructor(pos, code2, message) {
        super("YAMLWarning", pos, code2, message);
      }
    };
    var prettifyError = (src, lc) => (error) => {
      if (error.pos[0] === -1)
        return;
      error.linePos = error.pos.map((pos) => lc.linePos(pos));
      const { line, col } = error.linePos[0];
      error.message += ` at line ${line}, column ${col}`;
      let ci = col - 1;
      let lineStr = src.substring(lc.lineStarts[line - 1], lc.lineStarts[line]).replace(/[\n\r]+$/, "");
      if (ci >= 60 && lineStr.length > 80) {
        const trimStart = Math.min(ci - 39, lineStr.length - 79);
        lineStr = "…" + lineStr.substring(trimStart);
        ci -= trimStart - 1;
      }
      if (lineStr.length > 80)
        lineStr = lineStr.substring(0, 79) + "…";
      if (line > 1 && /^ *$/.test(lineStr.substring(0, ci))) {
        let prev = src.substring(lc.lineStarts[line - 2], lc.lineStarts[line - 1]);
        if (prev.length > 80)
          prev = prev.substring(0, 79) + "…\n";
        lineStr = prev + lineStr;
      }
      if (/[^ ]/.test(lineStr)) {
        let count = 1;
        const end = error.linePos[1];
        if (end?.line === line && end.col > col) {
          count = Math.max(1, Math.min(end.col - col, 80 - ci));
        }
        const pointer = " ".repeat(ci) + "^".repeat(count);
        error.message += `:

${lineStr}
${pointer}
`;
      }
    };
    exports.YAMLError = YAMLError;
    exports.YAMLParseError = YAMLParseError;
    exports.YAMLWarning = YAMLWarning;
    exports.prettifyError = prettifyError;
  }
});

// node_modules/yaml/dist/compose/resolve-props.js
var require_resolve_props = __commonJS({
  "node_modules/yaml/dist/compose/resolve-props.js"(exports) {
    "use strict";
    function resolveProps(tokens, { flow, indicator, next, offset, onError, parentIndent, startOnNewline }) {
      let spaceBefore = false;
      let atNewline = startOnNewline;
      let hasSpace = startOnNewline;
      let comment = "";
      let commentSep = "";
      let hasNewline = false;
      let reqSpace = false;
      let tab = null;
      let anchor = null;
      let tag = null;
      let newlineAfterProp = null;
      let comma = null;
      let found = null;
      let start = null;
      for (const token of tokens) {
        if (reqSpace) {
          if (token.type !== "space" && token.type !== "newline" && token.type !== "comma")
            onError(token.offset, "MISSING_CHAR", "Tags and anchors must be separated from the next token by white space");
          reqSpace = false;
        }
        if (tab) {
          if (atNewline && token.type !== "comment" && token.type !== "newline") {
            onError(tab, "TAB_AS_INDENT", "Tabs are not allowed as indentation");
          }
          tab = null;
        }
        switch (token.type) {
          case "space":
            if (!flow && (indicator !== "doc-start" || next?.type !== "flow-collection") && token.source.includes("	")) {
              tab = token;
            }
            hasSpace = true;
            break;
          case "comment": {
            if (!hasSpace)
              onError(token, "MISSING_CHAR", "Comments must be separated from other tokens by white space characters");
            const cb = token.source.substring(1) || " ";
            if (!comment)
              comment = cb;
            else
              comment += commentSep + cb;
            commentSep = "";
            atNewline = false;
            break;
          }
          case "newline":
            if (atNewline) {
              if (comment)
                comment += token.source;
              else if (!found || indicator !== "seq-item-ind")
                spaceBefore = true;
            } else
              commentSep += token.source;
            atNewline = true;
            hasNewline = true;
            if (anchor || tag)
              newlineAfterProp = token;
            hasSpace = true;
            break;
          case "anchor":
            if (anchor)
              onError(token, "MULTIPLE_ANCHORS", "A node can have at most one anchor");
            if (token.source.endsWith(":"))
              onError(token.offset + token.source.length - 1, "BAD_ALIAS", "Anchor ending in : is ambiguous", true);
            anchor = token;
            start ?? (start = token.offset);
            atNewline = false;
            hasSpace = false;
            reqSpace = true;
            break;
          case "tag": {
            if (tag)
              onError(token, "MULTIPLE_TAGS", "A node can have at most one tag");
            tag = token;
            start ?? (start = token.offset);
            atNewline = false;
            hasSpace = false;
            reqSpace = true;
            break;
          }
          case indicator:
            if (anchor || tag)
              onError(token, "BAD_PROP_ORDER", `Anchors and tags must be after the ${token.source} indicator`);
            if (found)
              onError(token, "UNEXPECTED_TOKEN", `Unexpected ${token.source} in ${flow ?? "collection"}`);
            found = token;
            atNewline = indicator === "seq-item-ind" || indicator === "explicit-key-ind";
            hasSpace = false;
            break;
          case "comma":
            if (flow) {
              if (comma)
                onError(token, "UNEXPECTED_TOKEN", `Unexpected , in ${flow}`);
              comma = token;
              atNewline = false;
              hasSpace = false;
              break;
            }
          // else fallthrough
          default:
            onError(token, "UNEXPECTED_TOKEN", `Unexpected ${token.type} token`);
            atNewline = false;
            hasSpace = false;
        }
      }
      const last = tokens[tokens.length - 1];
      const end = last ? last.offset + last.source.length : offset;
      if (reqSpace && next && next.type !== "space" && next.type !== "newline" && next.type !== "comma" && (next.type !== "scalar" || next.source !== "")) {
        onError(next.offset, "MISSING_CHAR", "Tags and anchors must be separated from the next token by white space");
      }
      if (tab && (atNewline && tab.indent <= parentIndent || next?.type === "block-map" || next?.type === "block-seq"))
        onError(tab, "TAB_AS_INDENT", "Tabs are not allowed as indentation");
      return {
        comma,
        found,
        spaceBefore,
        comment,
        hasNewline,
        anchor,
        tag,
        newlineAfterProp,
        end,
        start: start ?? end
      };
    }
    exports.resolveProps = resolveProps;
  }
});

// node_modules/yaml/dist/compose/util-contains-newline.js
var require_util_contains_newline = __commonJS({
  "node_modules/yaml/dist/compose/util-contains-newline.js"(exports) {
    "use strict";
    function containsNewline(key) {
      if (!key)
        return null;
      switch (key.type) {
        case "alias":
        case "scalar":
        case "double-quoted-scalar":
        case "single-quoted-scalar":
          if (key.source.includes("\n"))
            return true;
          if (key.end) {
            for (const st of key.end)
              if (st.type === "newline")
                return true;
          }
          return false;
        case "flow-collection":
          for (const it of key.items) {
            for (const st of it.start)
              if (st.type === "newline")
                return true;
            if (it.sep) {
              for (const st of it.sep)
                if (st.type === "newline")
                  return true;
            }
            if (containsNewline(it.key) || containsNewline(it.value))
              return true;
          }
          return false;
        default:
          return true;
      }
    }
    exports.containsNewline = containsNewline;
  }
});

// node_modules/yaml/dist/compose/util-flow-indent-check.js
var require_util_flow_indent_check = __commonJS({
  "node_modules/yaml/dist/compose/util-flow-indent-check.js"(exports) {
    "use strict";
    var utilContainsNewline = require_util_contains_newline();
    function flowIndentCheck(indent, fc, onError) {
      if (fc?.type === "flow-collection") {
        const end = fc.end[0];
        if (end.indent === indent && (end.source === "]" || end.source === "}") && utilContainsNewline.containsNewline(fc)) {
          const msg = "Flow end indicator should be more indented than parent";
          onError(end, "BAD_INDENT", msg, true);
        }
      }
    }
    exports.flowIndentCheck = flowIndentCheck;
  }
});

// node_modules/yaml/dist/compose/util-map-includes.js
var require_util_map_includes = __commonJS({
  "node_modules/yaml/dist/compose/util-map-includes.js"(exports) {
    "use strict";
    var identity = require_identity();
    function mapIncludes(ctx, items, search) {
      const { uniqueKeys } = ctx.options;
      if (uniqueKeys === false)
        return false;
      const isEqual = typeof uniqueKeys === "function" ? uniqueKeys : (a, b) => a === b || identity.isScalar(a) && identity.isScalar(b) && a.value === b.value;
      return items.some((pair) => isEqual(pair.key, search));
    }
    exports.mapIncludes = mapIncludes;
  }
});

// node_modules/yaml/dist/compose/resolve-block-map.js
var require_resolve_block_map = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-map.js"(exports) {
    "use strict";
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var resolveProps = require_resolve_props();
    var utilContainsNewline = require_util_contains_newline();
    var utilFlowIndentCheck = require_util_flow_indent_check();
    var utilMapIncludes = require_util_map_includes();
    var startColMsg = "All mapping items must start at the same column";
    function resolveBlockMap({ composeNode, composeEmptyNode }, ctx, bm, onError, tag) {
      const NodeClass = tag?.nodeClass ?? YAMLMap.YAMLMap;
      const map = new NodeClass(ctx.schema);
      if (ctx.atRoot)
        ctx.atRoot = false;
      let offset = bm.offset;
      let commentEnd = null;
      for (const collItem of bm.items) {
        const { start, key, sep, value } = collItem;
        const keyProps = resolveProps.resolveProps(start, {
          indicator: "explicit-key-ind",
          next: key ?? sep?.[0],
          offset,
          onError,
          parentIndent: bm.indent,
          startOnNewline: true
        });
        const implicitKey = !keyProps.found;
        if (implicitKey) {
          if (key) {
            if (key.type === "block-seq")
              onError(offset, "BLOCK_AS_IMPLICIT_KEY", "A block sequence may not be used as an implicit map key");
            else if ("indent" in key && key.indent !== bm.indent)
              onError(offset, "BAD_INDENT", startColMsg);
          }
          if (!keyProps.anchor && !keyProps.tag && !sep) {
            commentEnd = keyProps.end;
            if (keyProps.comment) {
              if (map.comment)
                map.comment += "\n" + keyProps.comment;
              else
                map.comment = keyProps.comment;
            }
            continue;
          }
          if (keyProps.newlineAfterProp || utilContainsNewline.containsNewline(key)) {
            onError(key ?? start[start.length - 1], "MULTILINE_IMPLICIT_KEY", "Implicit keys need to be on a single line");
          }
        } else if (keyProps.found?.indent !== bm.indent) {
          onError(offset, "BAD_INDENT", startColMsg);
        }
        ctx.atKey = true;
        const keyStart = keyProps.end;
        const keyNode = key ? composeNode(ctx, key, keyProps, onError) : composeEmptyNode(ctx, keyStart, start, null, keyProps, onError);
        if (ctx.schema.compat)
          utilFlowIndentCheck.flowIndentCheck(bm.indent, key, onError);
        ctx.atKey = false;
        if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
          onError(keyStart, "DUPLICATE_KEY", "Map keys must be unique");
        const valueProps = resolveProps.resolveProps(sep ?? [], {
          indicator: "map-value-ind",
          next: value,
          offset: keyNode.range[2],
          onError,
          parentIndent: bm.indent,
          startOnNewline: !key || key.type === "block-scalar"
        });
        offset = valueProps.end;
        if (valueProps.found) {
          if (implicitKey) {
            if (value?.type === "block-map" && !valueProps.hasNewline)
              onError(offset, "BLOCK_AS_IMPLICIT_KEY", "Nested mappings are not allowed in compact mappings");
            if (ctx.options.strict && keyProps.start < valueProps.found.offset - 1024)
              onError(keyNode.range, "KEY_OVER_1024_CHARS", "The : indicator must be at most 1024 chars after the start of an implicit block mapping key");
          }
          const valueNode = value ? composeNode(ctx, value, valueProps, onError) : composeEmptyNode(ctx, offset, sep, null, valueProps, onError);
          if (ctx.schema.compat)
            utilFlowIndentCheck.flowIndentCheck(bm.indent, value, onError);
          offset = valueNode.range[2];
          const pair = new Pair.Pair(keyNode, valueNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          map.items.push(pair);
        } else {
          if (implicitKey)
            onError(keyNode.range, "MISSING_CHAR", "Implicit map keys need to be followed by map values");
          if (valueProps.comment) {
            if (keyNode.comment)
              keyNode.comment += "\n" + valueProps.comment;
            else
              keyNode.comment = valueProps.comment;
          }
          const pair = new Pair.Pair(keyNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          map.items.push(pair);
        }
      }
      if (commentEnd && commentEnd < offset)
        onError(commentEnd, "IMPOSSIBLE", "Map comment with trailing content");
      map.range = [bm.offset, offset, commentEnd ?? offset];
      return map;
    }
    exports.resolveBlockMap = resolveBlockMap;
  }
});

// node_modules/yaml/dist/compose/resolve-block-seq.js
var require_resolve_block_seq = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-seq.js"(exports) {
    "use strict";
    var YAMLSeq = require_YAMLSeq();
    var resolveProps = require_resolve_props();
    var utilFlowIndentCheck = require_util_flow_indent_check();
    function resolveBlockSeq({ composeNode, composeEmptyNode }, ctx, bs, onError, tag) {
      const NodeClass = tag?.nodeClass ?? YAMLSeq.YAMLSeq;
      const seq = new NodeClass(ctx.schema);
      if (ctx.atRoot)
        ctx.atRoot = false;
      if (ctx.atKey)
        ctx.atKey = false;
      let offset = bs.offset;
      let commentEnd = null;
      for (const { start, value } of bs.items) {
        const props = resolveProps.resolveProps(start, {
          indicator: "seq-item-ind",
          next: value,
          offset,
          onError,
          parentIndent: bs.indent,
          startOnNewline: true
        });
        if (!props.found) {
          if (props.anchor || props.tag || value) {
            if (value?.type === "block-seq")
              onError(props.end, "BAD_INDENT", "All sequence items must start at the same column");
            else
              onError(offset, "MISSING_CHAR", "Sequence item without - indicator");
          } else {
            commentEnd = props.end;
            if (props.comment)
              seq.comment = props.comment;
            continue;
          }
        }
        const node = value ? composeNode(ctx, value, props, onError) : composeEmptyNode(ctx, props.end, start, null, props, onError);
        if (ctx.schema.compat)
          utilFlowIndentCheck.flowIndentCheck(bs.indent, value, onError);
        offset = node.range[2];
        seq.items.push(node);
      }
      seq.range = [bs.offset, offset, commentEnd ?? offset];
      return seq;
    }
    exports.resolveBlockSeq = resolveBlockSeq;
  }
});

// node_modules/yaml/dist/compose/resolve-end.js
var require_resolve_end = __commonJS({
  "node_modules/yaml/dist/compose/resolve-end.js"(exports) {
    "use strict";
    function resolveEnd(end, offset, reqSpace, onError) {
      let comment = "";
      if (end) {
        let hasSpace = false;
        let sep = "";
        for (const token of end) {
          const { source, type } = token;
          switch (type) {
            case "space":
              hasSpace = true;
              break;
            case "comment": {
              if (reqSpace && !hasSpace)
                onError(token, "MISSING_CHAR", "Comments must be separated from other tokens by white space characters");
              const cb = source.substring(1) || " ";
              if (!comment)
                comment = cb;
              else
                comment += sep + cb;
              sep = "";
              break;
            }
            case "newline":
              if (comment)
                sep += source;
              hasSpace = true;
              break;
            default:
              onError(token, "UNEXPECTED_TOKEN", `Unexpected ${type} at node end`);
          }
          offset += source.length;
        }
      }
      return { comment, offset };
    }
    exports.resolveEnd = resolveEnd;
  }
});

// node_modules/yaml/dist/compose/resolve-flow-collection.js
var require_resolve_flow_collection = __commonJS({
  "node_modules/yaml/dist/compose/resolve-flow-collection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var resolveEnd = require_resolve_end();
    var resolveProps = require_resolve_props();
    var utilContainsNewline = require_util_contains_newline();
    var utilMapIncludes = require_util_map_includes();
    var blockMsg = "Block collections are not allowed within flow collections";
    var isBlock = (token) => token && (token.type === "block-map" || token.type === "block-seq");
    function resolveFlowCollection({ composeNode, composeEmptyNode }, ctx, fc, onError, tag) {
      const isMap3 = fc.start.source === "{";
      const fcName = isMap3 ? "flow map" : "flow sequence";
      const NodeClass = tag?.nodeClass ?? (isMap3 ? YAMLMap.YAMLMap : YAMLSeq.YAMLSeq);
      const coll = new NodeClass(ctx.schema);
      coll.flow = true;
      const atRoot = ctx.atRoot;
      if (atRoot)
        ctx.atRoot = false;
      if (ctx.atKey)
        ctx.atKey = false;
      let offset = fc.offset + fc.start.source.length;
      for (let i = 0; i < fc.items.length; ++i) {
        const collItem = fc.items[i];
        const { start, key, sep, value } = collItem;
        const props = resolveProps.resolveProps(start, {
          flow: fcName,
          indicator: "explicit-key-ind",
          next: key ?? sep?.[0],
          offset,
          onError,
          parentIndent: fc.indent,
          startOnNewline: false
        });
        if (!props.found) {
          if (!props.anchor && !props.tag && !sep && !value) {
            if (i === 0 && props.comma)
              onError(props.comma, "UNEXPECTED_TOKEN", `Unexpected , in ${fcName}`);
            else if (i < fc.items.length - 1)
              onError(props.start, "UNEXPECTED_TOKEN", `Unexpected empty item in ${fcName}`);
            if (props.comment) {
              if (coll.comment)
                coll.comment += "\n" + props.comment;
              else
                coll.comment = props.comment;
            }
            offset = props.end;
            continue;
          }
          if (!isMap3 && ctx.options.strict && utilContainsNewline.containsNewline(key))
            onError(
              key,
              // checked by containsNewline()
              "MULTILINE_IMPLICIT_KEY",
              "Implicit keys of flow sequence pairs need to be on a single line"
            );
        }
        if (i === 0) {
          if (props.comma)
            onError(props.comma, "UNEXPECTED_TOKEN", `Unexpected , in ${fcName}`);
        } else {
          if (!props.comma)
            onError(props.start, "MISSING_CHAR", `Missing , between ${fcName} items`);
          if (props.comment) {
            let prevItemComment = "";
            loop: for (const st of start) {
              switch (st.type) {
                case "comma":
                case "space":
                  break;
                case "comment":
                  prevItemComment = st.source.substring(1);
                  break loop;
                default:
                  break loop;
              }
            }
            if (prevItemComment) {
              let prev = coll.items[coll.items.length - 1];
              if (identity.isPair(prev))
                prev = prev.value ?? prev.key;
              if (prev.comment)
                prev.comment += "\n" + prevItemComment;
              else
                prev.comment = prevItemComment;
              props.comment = props.comment.substring(prevItemComment.length + 1);
            }
          }
        }
        if (!isMap3 && !sep && !props.found) {
          const valueNode = value ? composeNode(ctx, value, props, onError) : composeEmptyNode(ctx, props.end, sep, null, props, onError);
          coll.items.push(valueNode);
          offset = valueNode.range[2];
          if (isBlock(value))
            onError(valueNode.range, "BLOCK_IN_FLOW", blockMsg);
        } else {
          ctx.atKey = true;
          const keyStart = props.end;
          const keyNode = key ? composeNode(ctx, key, props, onError) : composeEmptyNode(ctx, keyStart, start, null, props, onError);
          if (isBlock(key))
            onError(keyNode.range, "BLOCK_IN_FLOW", blockMsg);
          ctx.atKey = false;
          const valueProps = resolveProps.resolveProps(sep ?? [], {
            flow: fcName,
            indicator: "map-value-ind",
            next: value,
            offset: keyNode.range[2],
            onError,
            parentIndent: fc.indent,
            startOnNewline: false
          });
          if (valueProps.found) {
            if (!isMap3 && !props.found && ctx.options.strict) {
              if (sep)
                for (const st of sep) {
                  if (st === valueProps.found)
                    break;
                  if (st.type === "newline") {
                    onError(st, "MULTILINE_IMPLICIT_KEY", "Implicit keys of flow sequence pairs need to be on a single line");
                    break;
                  }
                }
              if (props.start < valueProps.found.offset - 1024)
                onError(valueProps.found, "KEY_OVER_1024_CHARS", "The : indicator must be at most 1024 chars after the start of an implicit flow sequence key");
            }
          } else if (value) {
            if ("source" in value && value.source?.[0] === ":")
              onError(value, "MISSING_CHAR", `Missing space after : in ${fcName}`);
            else
              onError(valueProps.start, "MISSING_CHAR", `Missing , or : between ${fcName} items`);
          }
          const valueNode = value ? composeNode(ctx, value, valueProps, onError) : valueProps.found ? composeEmptyNode(ctx, valueProps.end, sep, null, valueProps, onError) : null;
          if (valueNode) {
            if (isBlock(value))
              onError(valueNode.range, "BLOCK_IN_FLOW", blockMsg);
          } else if (valueProps.comment) {
            if (keyNode.comment)
              keyNode.comment += "\n" + valueProps.comment;
            else
              keyNode.comment = valueProps.comment;
          }
          const pair = new Pair.Pair(keyNode, valueNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          if (isMap3) {
            const map = coll;
            if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
              onError(keyStart, "DUPLICATE_KEY", "Map keys must be unique");
            map.items.push(pair);
          } else {
            const map = new YAMLMap.YAMLMap(ctx.schema);
            map.flow = true;
            map.items.push(pair);
            const endRange = (valueNode ?? keyNode).range;
            map.range = [keyNode.range[0], endRange[1], endRange[2]];
            coll.items.push(map);
          }
          offset = valueNode ? valueNode.range[2] : valueProps.end;
        }
      }
      const expectedEnd = isMap3 ? "}" : "]";
      const [ce, ...ee] = fc.end;
      let cePos = offset;
      if (ce?.source === expectedEnd)
        cePos = ce.offset + ce.source.length;
      else {
        const name = fcName[0].toUpperCase() + fcName.substring(1);
        const msg = atRoot ? `${name} must end with a ${expectedEnd}` : `${name} in block collection must be sufficiently indented and end with a ${expectedEnd}`;
        onError(offset, atRoot ? "MISSING_CHAR" : "BAD_INDENT", msg);
        if (ce && ce.source.length !== 1)
          ee.unshift(ce);
      }
      if (ee.length > 0) {
        const end = resolveEnd.resolveEnd(ee, cePos, ctx.options.strict, onError);
        if (end.comment) {
          if (coll.comment)
            coll.comment += "\n" + end.comment;
          else
            coll.comment = end.comment;
        }
        coll.range = [fc.offset, cePos, end.offset];
      } else {
        coll.range = [fc.offset, cePos, cePos];
      }
      return coll;
    }
    exports.resolveFlowCollection = resolveFlowCollection;
  }
});

// node_modules/yaml/dist/compose/compose-collection.js
var require_compose_collection = __commonJS({
  "node_modules/yaml/dist/compose/compose-collection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var resolveBlockMap = require_resolve_block_map();
    var resolveBlockSeq = require_resolve_block_seq();
    var resolveFlowCollection = require_resolve_flow_collection();
    function resolveCollection(CN, ctx, token, onError, tagName, tag) {
      const coll = token.type === "block-map" ? resolveBlockMap.resolveBlockMap(CN, ctx, token, onError, tag) : token.type === "block-seq" ? resolveBlockSeq.resolveBlockSeq(CN, ctx, token, onError, tag) : resolveFlowCollection.resolveFlowCollection(CN, ctx, token, onError, tag);
      const Coll = coll.constructor;
      if (tagName === "!" || tagName === Coll.tagName) {
        coll.tag = Coll.tagName;
        return coll;
      }
      if (tagName)
        coll.tag = tagName;
      return coll;
    }
    function composeCollection(CN, ctx, token, props, onError) {
      const tagToken = props.tag;
      const tagName = !tagToken ? null : ctx.directives.tagName(tagToken.source, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg));
      if (token.type === "block-seq") {
        const { anchor, newlineAfterProp: nl } = props;
        const lastProp = anchor && tagToken ? anchor.offset > tagToken.offset ? anchor : tagToken : anchor ?? tagToken;
        if (lastProp && (!nl || nl.offset < lastProp.offset)) {
          const message = "Missing newline after block sequence props";
          onError(lastProp, "MISSING_CHAR", message);
        }
      }
      const expType = token.type === "block-map" ? "map" : token.type === "block-seq" ? "seq" : token.start.source === "{" ? "map" : "seq";
      if (!tagToken || !tagName || tagName === "!" || tagName === YAMLMap.YAMLMap.tagName && expType === "map" || tagName === YAMLSeq.YAMLSeq.tagName && expType === "seq") {
        return resolveCollection(CN, ctx, token, onError, tagName);
      }
      let tag = ctx.schema.tags.find((t) => t.tag === tagName && t.collection === expType);
      if (!tag) {
        const kt = ctx.schema.knownTags[tagName];
        if (kt?.collection === expType) {
          ctx.schema.tags.push(Object.assign({}, kt, { default: false }));
          tag = kt;
        } else {
          if (kt) {
            onError(tagToken, "BAD_COLLECTION_TYPE", `${kt.tag} used for ${expType} collection, but expects ${kt.collection ?? "scalar"}`, true);
          } else {
            onError(tagToken, "TAG_RESOLVE_FAILED", `Unresolved tag: ${tagName}`, true);
          }
          return resolveCollection(CN, ctx, token, onError, tagName);
        }
      }
      const coll = resolveCollection(CN, ctx, token, onError, tagName, tag);
      const res = tag.resolve?.(coll, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg), ctx.options) ?? coll;
      const node = identity.isNode(res) ? res : new Scalar.Scalar(res);
      node.range = coll.range;
      node.tag = tagName;
      if (tag?.format)
        node.format = tag.format;
      return node;
    }
    exports.composeCollection = composeCollection;
  }
});

// node_modules/yaml/dist/compose/resolve-block-scalar.js
var require_resolve_block_scalar = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-scalar.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    function resolveBlockScalar(ctx, scalar, onError) {
      const start = scalar.offset;
      const header = parseBlockScalarHeader(scalar, ctx.options.strict, onError);
      if (!header)
        return { value: "", type: null, comment: "", range: [start, start, start] };
      const type = header.mode === ">" ? Scalar.Scalar.BLOCK_FOLDED : Scalar.Scalar.BLOCK_LITERAL;
      const lines = scalar.source ? splitLines(scalar.source) : [];
      let chompStart = lines.length;
      for (let i = lines.length - 1; i >= 0; --i) {
        const content = lines[i][1];
        if (content === "" || content === "\r")
          chompStart = i;
        else
          break;
      }
      if (chompStart === 0) {
        const value2 = header.chomp === "+" && lines.length > 0 ? "\n".repeat(Math.max(1, lines.length - 1)) : "";
        let end2 = start + header.length;
        if (scalar.source)
          end2 += scalar.source.length;
        return { value: value2, type, comment: header.comment, range: [start, end2, end2] };
      }
      let trimIndent = scalar.indent + header.indent;
      let offset = scalar.offset + header.length;
      let contentStart = 0;
      for (let i = 0; i < chompStart; ++i) {
        const [indent, content] = lines[i];
        if (content === "" || content === "\r") {
          if (header.indent === 0 && indent.length > trimIndent)
            trimIndent = indent.length;
        } else {
          if (indent.length < trimIndent) {
            const message = "Block scalars with more-indented leading empty lines must use an explicit indentation indicator";
            onError(offset + indent.length, "MISSING_CHAR", message);
          }
          if (header.indent === 0)
            trimIndent = indent.length;
          contentStart = i;
          if (trimIndent === 0 && !ctx.atRoot) {
            const message = "Block scalar values in collections must be indented";
            onError(offset, "BAD_INDENT", message);
          }
          break;
        }
        offset += indent.length + content.length + 1;
      }
      for (let i = lines.length - 1; i >= chompStart; --i) {
        if (lines[i][0].length > trimIndent)
          chompStart = i + 1;
      }
      let value = "";
      let sep = "";
      let prevMoreIndented = false;
      for (let i = 0; i < contentStart; ++i)
        value += lines[i][0].slice(trimIndent) + "\n";
      for (let i = contentStart; i < chompStart; ++i) {
        let [indent, content] = lines[i];
        offset += indent.length + content.length + 1;
        const crlf = content[content.length - 1] === "\r";
        if (crlf)
          content = content.slice(0, -1);
        if (content && indent.length < trimIndent) {
          const src = header.indent ? "explicit indentation indicator" : "first line";
          const message = `Block scalar lines must not be less indented than their ${src}`;
          onError(offset - content.length - (crlf ? 2 : 1), "BAD_INDENT", message);
          indent = "";
        }
        if (type === Scalar.Scalar.BLOCK_LITERAL) {
          value += sep + indent.slice(trimIndent) + content;
          sep = "\n";
        } else if (indent.length > trimIndent || content[0] === "	") {
          if (sep === " ")
            sep = "\n";
          else if (!prevMoreIndented && sep === "\n")
            sep = "\n\n";
          value += sep + indent.slice(trimIndent) + content;
          sep = "\n";
          prevMoreIndented = true;
        } else if (content === "") {
          if (sep === "\n")
            value += "\n";
          else
            sep = "\n";
        } else {
          value += sep + content;
          sep = " ";
          prevMoreIndented = false;
        }
      }
      switch (header.chomp) {
        case "-":
          break;
        case "+":
          for (let i = chompStart; i < lines.length; ++i)
            value += "\n" + lines[i][0].slice(trimIndent);
          if (value[value.length - 1] !== "\n")
            value += "\n";
          break;
        default:
          value += "\n";
      }
      const end = start + header.length + scalar.source.length;
      return { value, type, comment: header.comment, range: [start, end, end] };
    }
    function parseBlockScalarHeader({ offset, props }, strict, onError) {
      if (props[0].type !== "block-scalar-header") {
        onError(props[0], "IMPOSSIBLE", "Block scalar header not found");
        return null;
      }
      const { source } = props[0];
      const mode = source[0];
      let indent = 0;
      let chomp = "";
      let error = -1;
      for (let i = 1; i < source.length; ++i) {
        const ch = source[i];
        if (!chomp && (ch === "-" || ch === "+"))
          chomp = ch;
        else {
          const n = Number(ch);
          if (!indent && n)
            indent = n;
          else if (error === -1)
            error = offset + i;
        }
      }
      if (error !== -1)
        onError(error, "UNEXPECTED_TOKEN", `Block scalar header includes extra characters: ${source}`);
      let hasSpace = false;
      let comment = "";
      let length = source.length;
      for (let i = 1; i < props.length; ++i) {
        const token = props[i];
        switch (token.type) {
          case "space":
            hasSpace = true;
          // fallthrough
          case "newline":
            length += token.source.length;
            break;
          case "comment":
            if (strict && !hasSpace) {
              const message = "Comments must be separated from other tokens by white space characters";
              onError(token, "MISSING_CHAR", message);
            }
            length += token.source.length;
            comment = token.source.substring(1);
            break;
          case "error":
            onError(token, "UNEXPECTED_TOKEN", token.message);
            length += token.source.length;
            break;
          /* istanbul ignore next should not happen */
          default: {
            const message = `Unexpected token in block scalar header: ${token.type}`;
            onError(token, "UNEXPECTED_TOKEN", message);
            const ts = token.source;
            if (ts && typeof ts === "string")
              length += ts.length;
          }
        }
      }
      return { mode, indent, chomp, comment, length };
    }
    function splitLines(source) {
      const split = source.split(/\n( *)/);
      const first = split[0];
      const m = first.match(/^( *)/);
      const line0 = m?.[1] ? [m[1], first.slice(m[1].length)] : ["", first];
      const lines = [line0];
      for (let i = 1; i < split.length; i += 2)
        lines.push([split[i], split[i + 1]]);
      return lines;
    }
    exports.resolveBlockScalar = resolveBlockScalar;
  }
});

// node_modules/yaml/dist/compose/resolve-flow-scalar.js
var require_resolve_flow_scalar = __commonJS({
  "node_modules/yaml/dist/compose/resolve-flow-scalar.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var resolveEnd = require_resolve_end();
    function resolveFlowScalar(scalar, strict, onError) {
      const { offset, type, source, end } = scalar;
      let _type;
      let value;
      const _onError = (rel, code2, msg) => onError(offset + rel, code2, msg);
      switch (type) {
        case "scalar":
          _type = Scalar.Scalar.PLAIN;
          value = plainValue(source, _onError);
          break;
        case "single-quoted-scalar":
          _type = Scalar.Scalar.QUOTE_SINGLE;
          value = singleQuotedValue(source, _onError);
          break;
        case "double-quoted-scalar":
          _type = Scalar.Scalar.QUOTE_DOUBLE;
          value = doubleQuotedValue(source, _onError);
          break;
        /* istanbul ignore next should not happen */
        default:
          onError(scalar, "UNEXPECTED_TOKEN", `Expected a flow scalar value, but found: ${type}`);
          return {
            value: "",
            type: null,
            comment: "",
            range: [offset, offset + source.length, offset + source.length]
          };
      }
      const valueEnd = offset + source.length;
      const re = resolveEnd.resolveEnd(end, valueEnd, strict, onError);
      return {
        value,
        type: _type,
        comment: re.comment,
        range: [offset, valueEnd, re.offset]
      };
    }
    function plainValue(source, onError) {
      let badChar = "";
      switch (source[0]) {
        /* istanbul ignore next should not happen */
        case "	":
          badChar = "a tab character";
          break;
        case ",":
          badChar = "flow indicator character ,";
          break;
        case "%":
          badChar = "directive indicator character %";
          break;
        case "|":
        case ">": {
          badChar = `block scalar indicator ${source[0]}`;
          break;
        }
        case "@":
        case "`": {
          badChar = `reserved character ${source[0]}`;
          break;
        }
      }
      if (badChar)
        onError(0, "BAD_SCALAR_START", `Plain value cannot start with ${badChar}`);
      return unfoldLines(source);
    }
    function singleQuotedValue(source, onError) {
      if (source[source.length - 1] !== "'" || source.length === 1)
        onError(source.length, "MISSING_CHAR", "Missing closing 'quote");
      return unfoldLines(source.slice(1, -1)).replace(/''/g, "'");
    }
    function unfoldLines(source) {
      const line = /(.*?)\r?\n/sy;
      let match = line.exec(source);
      if (!match)
        return source;
      let trimEnd, trimBoth;
      try {
        trimEnd = new RegExp("(?<![ 	])[ 	]+$");
        trimBoth = new RegExp("^[ 	]+|(?<![ 	])[ 	]+$", "g");
      } catch {
        trimEnd = /[ \t]+$/;
        trimBoth = /^[ \t]+|[ \t]+$/g;
      }
      let res = match[1].replace(trimEnd, "");
      let sep = " ";
      let pos = line.lastIndex;
      while (match = line.exec(source)) {
        const lm = match[1].replace(trimBoth, "");
        if (lm === "") {
          if (sep === "\n")
            res += sep;
          else
            sep = "\n";
        } else {
          res += sep + lm;
          sep = " ";
        }
        pos = line.lastIndex;
      }
      const last = /[ \t]*(.*)/sy;
      last.lastIndex = pos;
      match = last.exec(source);
      return res + sep + (match?.[1] ?? "");
    }
    function doubleQuotedValue(source, onError) {
      let res = "";
      for (let i = 1; i < source.length - 1; ++i) {
        const ch = source[i];
        if (ch === "\r" && source[i + 1] === "\n")
          continue;
        if (ch === "\n") {
          const { fold, offset } = foldNewline(source, i);
          res += fold;
          i = offset;
        } else if (ch === "\\") {
          let next = source[++i];
          const cc = escapeCodes[next];
          if (cc)
            res += cc;
          else if (next === "\n") {
            next = source[i + 1];
            while (next === " " || next === "	")
              next = source[++i + 1];
          } else if (next === "\r" && source[i + 1] === "\n") {
            next = source[++i + 1];
            while (next === " " || next === "	")
              next = source[++i + 1];
          } else if (next === "x" || next === "u" || next === "U") {
            const length = next === "x" ? 2 : next === "u" ? 4 : 8;
            res += parseCharCode(source, i + 1, length, onError);
            i += length;
          } else {
            const raw = source.substr(i - 1, 2);
            onError(i - 1, "BAD_DQ_ESCAPE", `Invalid escape sequence ${raw}`);
            res += raw;
          }
        } else if (ch === " " || ch === "	") {
          const wsStart = i;
          let next = source[i + 1];
          while (next === " " || next === "	")
            next = source[++i + 1];
          if (next !== "\n" && !(next === "\r" && source[i + 2] === "\n"))
            res += i > wsStart ? source.slice(wsStart, i + 1) : ch;
        } else {
          res += ch;
        }
      }
      if (source[source.length - 1] !== '"' || source.length === 1)
        onError(source.length, "MISSING_CHAR", 'Missing closing "quote');
      return res;
    }
    function foldNewline(source, offset) {
      let fold = "";
      let ch = source[offset + 1];
      while (ch === " " || ch === "	" || ch === "\n" || ch === "\r") {
        if (ch === "\r" && source[offset + 2] !== "\n")
          break;
        if (ch === "\n")
          fold += "\n";
        offset += 1;
        ch = source[offset + 1];
      }
      if (!fold)
        fold = " ";
      return { fold, offset };
    }
    var escapeCodes = {
      "0": "\0",
      // null character
      a: "\x07",
      // bell character
      b: "\b",
      // backspace
      e: "\x1B",
      // escape character
      f: "\f",
      // form feed
      n: "\n",
      // line feed
      r: "\r",
      // carriage return
      t: "	",
      // horizontal tab
      v: "\v",
      // vertical tab
      N: "",
      // Unicode next line
      _: " ",
      // Unicode non-breaking space
      L: "\u2028",
      // Unicode line separator
      P: "\u2029",
      // Unicode paragraph separator
      " ": " ",
      '"': '"',
      "/": "/",
      "\\": "\\",
      "	": "	"
    };
    function parseCharCode(source, offset, length, onError) {
      const cc = source.substr(offset, length);
      const ok = cc.length === length && /^[0-9a-fA-F]+$/.test(cc);
      const code2 = ok ? parseInt(cc, 16) : NaN;
      try {
        return String.fromCodePoint(code2);
      } catch {
        const raw = source.substr(offset - 2, length + 2);
        onError(offset - 2, "BAD_DQ_ESCAPE", `Invalid escape sequence ${raw}`);
        return raw;
      }
    }
    exports.resolveFlowScalar = resolveFlowScalar;
  }
});

// node_modules/yaml/dist/compose/compose-scalar.js
var require_compose_scalar = __commonJS({
  "node_modules/yaml/dist/compose/compose-scalar.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var resolveBlockScalar = require_resolve_block_scalar();
    var resolveFlowScalar = require_resolve_flow_scalar();
    function composeScalar(ctx, token, tagToken, onError) {
      const { value, type, comment, range } = token.type === "block-scalar" ? resolveBlockScalar.resolveBlockScalar(ctx, token, onError) : resolveFlowScalar.resolveFlowScalar(token, ctx.options.strict, onError);
      const tagName = tagToken ? ctx.directives.tagName(tagToken.source, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg)) : null;
      let tag;
      if (ctx.options.stringKeys && ctx.atKey) {
        tag = ctx.schema[identity.SCALAR];
      } else if (tagName)
        tag = findScalarTagByName(ctx.schema, value, tagName, tagToken, onError);
      else if (token.type === "scalar")
        tag = findScalarTagByTest(ctx, value, token, onError);
      else
        tag = ctx.schema[identity.SCALAR];
      let scalar;
      try {
        const res = tag.resolve(value, (msg) => onError(tagToken ?? token, "TAG_RESOLVE_FAILED", msg), ctx.options);
        scalar = identity.isScalar(res) ? res : new Scalar.Scalar(res);
      } catch (error) {
        const msg = error instanceof Error ? error.message : String(error);
        onError(tagToken ?? token, "TAG_RESOLVE_FAILED", msg);
        scalar = new Scalar.Scalar(value);
      }
      scalar.range = range;
      scalar.source = value;
      if (type)
        scalar.type = type;
      if (tagName)
        scalar.tag = tagName;
      if (tag.format)
        scalar.format = tag.format;
      if (comment)
        scalar.comment = comment;
      return scalar;
    }
    function findScalarTagByName(schema, value, tagName, tagToken, onError) {
      if (tagName === "!")
        return schema[identity.SCALAR];
      const matchWithTest = [];
      for (const tag of schema.tags) {
        if (!tag.collection && tag.tag === tagName) {
          if (tag.default && tag.test)
            matchWithTest.push(tag);
          else
            return tag;
        }
      }
      for (const tag of matchWithTest)
        if (tag.test?.test(value))
          return tag;
      const kt = schema.knownTags[tagName];
      if (kt && !kt.collection) {
        schema.tags.push(Object.assign({}, kt, { default: false, test: void 0 }));
        return kt;
      }
      onError(tagToken, "TAG_RESOLVE_FAILED", `Unresolved tag: ${tagName}`, tagName !== "tag:yaml.org,2002:str");
      return schema[identity.SCALAR];
    }
    function findScalarTagByTest({ atKey, directives, schema }, value, token, onError) {
      const tag = schema.tags.find((tag2) => (tag2.default === true || atKey && tag2.default === "key") && tag2.test?.test(value)) || schema[identity.SCALAR];
      if (schema.compat) {
        const compat = schema.compat.find((tag2) => tag2.default && tag2.test?.test(value)) ?? schema[identity.SCALAR];
        if (tag.tag !== compat.tag) {
          const ts = directives.tagString(tag.tag);
          const cs = directives.tagString(compat.tag);
          const msg = `Value may be parsed as either ${ts} or ${cs}`;
          onError(token, "TAG_RESOLVE_FAILED", msg, true);
        }
      }
      return tag;
    }
    exports.composeScalar = composeScalar;
  }
});

// node_modules/yaml/dist/compose/util-empty-scalar-position.js
var require_util_empty_scalar_position = __commonJS({
  "node_modules/yaml/dist/compose/util-empty-scalar-position.js"(exports) {
    "use strict";
    function emptyScalarPosition(offset, before, pos) {
      if (before) {
        pos ?? (pos = before.length);
        for (let i = pos - 1; i >= 0; --i) {
          let st = before[i];
          switch (st.type) {
            case "space":
            case "comment":
            case "newline":
              offset -= st.source.length;
              continue;
          }
          st = before[++i];
          while (st?.type === "space") {
            offset += st.source.length;
            st = before[++i];
          }
          break;
        }
      }
      return offset;
    }
    exports.emptyScalarPosition = emptyScalarPosition;
  }
});

// node_modules/yaml/dist/compose/compose-node.js
var require_compose_node = __commonJS({
  "node_modules/yaml/dist/compose/compose-node.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var identity = require_identity();
    var composeCollection = require_compose_collection();
    var composeScalar = require_compose_scalar();
    var resolveEnd = require_resolve_end();
    var utilEmptyScalarPosition = require_util_empty_scalar_position();
    var CN = { composeNode, composeEmptyNode };
    function composeNode(ctx, token, props, onError) {
      const atKey = ctx.atKey;
      const { spaceBefore, comment, anchor, tag } = props;
      let node;
      let isSrcToken = true;
      switch (token.type) {
        case "alias":
          node = composeAlias(ctx, token, onError);
          if (anchor || tag)
            onError(token, "ALIAS_PROPS", "An alias node must not specify any properties");
          break;
        case "scalar":
        case "single-quoted-scalar":
        case "double-quoted-scalar":
        case "block-scalar":
          node = composeScalar.composeScalar(ctx, token, tag, onError);
          if (anchor)
            node.anchor = anchor.source.substring(1);
          break;
        case "block-map":
        case "block-seq":
        case "flow-collection":
          try {
            node = composeCollection.composeCollection(CN, ctx, token, props, onError);
            if (anchor)
              node.anchor = anchor.source.substring(1);
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            onError(token, "RESOURCE_EXHAUSTION", message);
          }
          break;
        default: {
          const message = token.type === "error" ? token.message : `Unsupported token (type: ${token.type})`;
          onError(token, "UNEXPECTED_TOKEN", message);
          isSrcToken = false;
        }
      }
      node ?? (node = composeEmptyNode(ctx, token.offset, void 0, null, props, onError));
      if (anchor && node.anchor === "")
        onError(anchor, "BAD_ALIAS", "Anchor cannot be an empty string");
      if (atKey && ctx.options.stringKeys && (!identity.isScalar(node) || typeof node.value !== "string" || node.tag && node.tag !== "tag:yaml.org,2002:str")) {
        const msg = "With stringKeys, all keys must be strings";
        onError(tag ?? token, "NON_STRING_KEY", msg);
      }
      if (spaceBefore)
        node.spaceBefore = true;
      if (comment) {
        if (token.type === "scalar" && token.source === "")
          node.comment = comment;
        else
          node.commentBefore = comment;
      }
      if (ctx.options.keepSourceTokens && isSrcToken)
        node.srcToken = token;
      return node;
    }
    function composeEmptyNode(ctx, offset, before, pos, { spaceBefore, comment, anchor, tag, end }, onError) {
      const token = {
        type: "scalar",
        offset: utilEmptyScalarPosition.emptyScalarPosition(offset, before, pos),
        indent: -1,
        source: ""
      };
      const node = composeScalar.composeScalar(ctx, token, tag, onError);
      if (anchor) {
        node.anchor = anchor.source.substring(1);
        if (node.anchor === "")
          onError(anchor, "BAD_ALIAS", "Anchor cannot be an empty string");
      }
      if (spaceBefore)
        node.spaceBefore = true;
      if (comment) {
        node.comment = comment;
        node.range[2] = end;
      }
      return node;
    }
    function composeAlias({ options }, { offset, source, end }, onError) {
      const alias = new Alias.Alias(source.substring(1));
      if (alias.source === "")
        onError(offset, "BAD_ALIAS", "Alias cannot be an empty string");
      if (alias.source.endsWith(":"))
        onError(offset + source.length - 1, "BAD_ALIAS", "Alias ending in : is ambiguous", true);
      const valueEnd = offset + source.length;
      const re = resolveEnd.resolveEnd(end, valueEnd, options.strict, onError);
      alias.range = [offset, valueEnd, re.offset];
      if (re.comment)
        alias.comment = re.comment;
      return alias;
    }
    exports.composeEmptyNode = composeEmptyNode;
    exports.composeNode = composeNode;
  }
});

// node_modules/yaml/dist/compose/compose-doc.js
var require_compose_doc = __commonJS({
  "node_modules/yaml/dist/compose/compose-doc.js"(exports) {
    "use strict";
    var Document = require_Document();
    var composeNode = require_compose_node();
    var resolveEnd = require_resolve_end();
    var resolveProps = require_resolve_props();
    function composeDoc(options, directives, { offset, start, value, end }, onError) {
      const opts = Object.assign({ _directives: directives }, options);
      const doc = new Document.Document(void 0, opts);
      const ctx = {
        atKey: false,
        atRoot: true,
        directives: doc.directives,
        options: doc.options,
        schema: doc.schema
      };
      const props = resolveProps.resolveProps(start, {
        indicator: "doc-start",
        next: value ?? end?.[0],
        offset,
        onError,
        parentIndent: 0,
        startOnNewline: true
      });
      if (props.found) {
        doc.directives.docStart = true;
        if (value && (value.type === "block-map" || value.type === "block-seq") && !props.hasNewline)
          onError(props.end, "MISSING_CHAR", "Block collection cannot start on same line with directives-end marker");
      }
      doc.contents = value ? composeNode.composeNode(ctx, value, props, onError) : composeNode.composeEmptyNode(ctx, props.end, start, null, props, onError);
      const contentEnd = doc.contents.range[2];
      const re = resolveEnd.resolveEnd(end, contentEnd, false, onError);
      if (re.comment)
        doc.comment = re.comment;
      doc.range = [offset, contentEnd, re.offset];
      return doc;
    }
    exports.composeDoc = composeDoc;
  }
});

// node_modules/yaml/dist/compose/composer.js
var require_composer = __commonJS({
  "node_modules/yaml/dist/compose/composer.js"(exports) {
    "use strict";
    var node_process = __require("process");
    var directives = require_directives();
    var Document = require_Document();
    var errors = require_errors2();
    var identity = require_identity();
    var composeDoc = require_compose_doc();
    var resolveEnd = require_resolve_end();
    function getErrorPos(src) {
      if (typeof src === "number")
        return [src, src + 1];
      if (Array.isArray(src))
        return src.length === 2 ? src : [src[0], src[1]];
      const { offset, source } = src;
      return [offset, offset + (typeof source === "string" ? source.length : 1)];
    }
    function parsePrelude(prelude) {
      let comment = "";
      let atComment = false;
      let afterEmptyLine = false;
      for (let i = 0; i < prelude.length; ++i) {
        const source = prelude[i];
        switch (source[0]) {
          case "#":
            comment += (comment === "" ? "" : afterEmptyLine ? "\n\n" : "\n") + (source.substring(1) || " ");
            atComment = true;
            afterEmptyLine = false;
            break;
          case "%":
            if (prelude[i + 1]?.[0] !== "#")
              i += 1;
            atComment = false;
            break;
          default:
            if (!atComment)
              afterEmptyLine = true;
            atComment = false;
        }
      }
      return { comment, afterEmptyLine };
    }
    var Composer = class {
      constructor(options = {}) {
        this.doc = null;
        this.atDirectives = false;
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
        this.onError = (source, code2, message, warning) => {
          const pos = getErrorPos(source);
          if (warning)
            this.warnings.push(new errors.YAMLWarning(pos, code2, message));
          else
            this.errors.push(new errors.YAMLParseError(pos, code2, message));
        };
        this.directives = new directives.Directives({ version: options.version || "1.2" });
        this.options = options;
      }
      decorate(doc, afterDoc) {
        const { comment, afterEmptyLine } = parsePrelude(this.prelude);
        if (comment) {
          const dc = doc.contents;
          if (afterDoc) {
            doc.comment = doc.comment ? `${doc.comment}
${comment}` : comment;
          } else if (afterEmptyLine || doc.directives.docStart || !dc) {
            doc.commentBefore = comment;
          } else if (identity.isCollection(dc) && !dc.flow && dc.items.length > 0) {
            let it = dc.items[0];
            if (identity.isPair(it))
              it = it.key;
            const cb = it.commentBefore;
            it.commentBefore = cb ? `${comment}
${cb}` : comment;
          } else {
            const cb = dc.commentBefore;
            dc.commentBefore = cb ? `${comment}
${cb}` : comment;
          }
        }
        if (afterDoc) {
          for (let i = 0; i < this.errors.length; ++i)
            doc.errors.push(this.errors[i]);
          for (let i = 0; i < this.warnings.length; ++i)
            doc.warnings.push(this.warnings[i]);
        } else {
          doc.errors = this.errors;
          doc.warnings = this.warnings;
        }
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
      }
      /**
       * Current stream status information.
       *
       * Mostly useful at the end of input for an empty stream.
       */
      streamInfo() {
        return {
          comment: parsePrelude(this.prelude).comment,
          directives: this.directives,
          errors: this.errors,
          warnings: this.warnings
        };
      }
      /**
       * Compose tokens into documents.
       *
       * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
       * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
       */
      *compose(tokens, forceDoc = false, endOffset = -1) {
        for (const token of tokens)
          yield* this.next(token);
        yield* this.end(forceDoc, endOffset);
      }
      /** Advance the composer by one CST token. */
      *next(token) {
        if (node_process.env.LOG_STREAM)
          console.dir(token, { depth: null });
        switch (token.type) {
          case "directive":
            this.directives.add(token.source, (offset, message, warning) => {
              const pos = getErrorPos(token);
              pos[0] += offset;
              this.onError(pos, "BAD_DIRECTIVE", message, warning);
            });
            this.prelude.push(token.source);
            this.atDirectives = true;
            break;
          case "document": {
            const doc = composeDoc.composeDoc(this.options, this.directives, token, this.onError);
            if (this.atDirectives && !doc.directives.docStart)
              this.onError(token, "MISSING_CHAR", "Missing directives-end/doc-start indicator line");
            this.decorate(doc, false);
            if (this.doc)
              yield this.doc;
            this.doc = doc;
            this.atDirectives = false;
            break;
          }
          case "byte-order-mark":
          case "space":
            break;
          case "comment":
          case "newline":
            this.prelude.push(token.source);
            break;
          case "error": {
            const msg = token.source ? `${token.message}: ${JSON.stringify(token.source)}` : token.message;
            const error = new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", msg);
            if (this.atDirectives || !this.doc)
              this.errors.push(error);
            else
              this.doc.errors.push(error);
            break;
          }
          case "doc-end": {
            if (!this.doc) {
              const msg = "Unexpected doc-end without preceding document";
              this.errors.push(new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", msg));
              break;
            }
            this.doc.directives.docEnd = true;
            const end = resolveEnd.resolveEnd(token.end, token.offset + token.source.length, this.doc.options.strict, this.onError);
            this.decorate(this.doc, true);
            if (end.comment) {
              const dc = this.doc.comment;
              this.doc.comment = dc ? `${dc}
${end.comment}` : end.comment;
            }
            this.doc.range[2] = end.offset;
            break;
          }
          default:
            this.errors.push(new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", `Unsupported token ${token.type}`));
        }
      }
      /**
       * Call at end of input to yield any remaining document.
       *
       * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
       * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
       */
      *end(forceDoc = false, endOffset = -1) {
        if (this.doc) {
          this.decorate(this.doc, true);
          yield this.doc;
          this.doc = null;
        } else if (forceDoc) {
          const opts = Object.assign({ _directives: this.directives }, this.options);
          const doc = new Document.Document(void 0, opts);
          if (this.atDirectives)
            this.onError(endOffset, "MISSING_CHAR", "Missing directives-end indicator line");
          doc.range = [0, endOffset, endOffset];
          this.decorate(doc, false);
          yield doc;
        }
      }
    };
    exports.Composer = Composer;
  }
});

// node_modules/yaml/dist/parse/cst-scalar.js
var require_cst_scalar = __commonJS({
  "node_modules/yaml/dist/parse/cst-scalar.js"(exports) {
    "use strict";
    var resolveBlockScalar = require_resolve_block_scalar();
    var resolveFlowScalar = require_resolve_flow_scalar();
    var errors = require_errors2();
    var stringifyString = require_stringifyString();
    function resolveAsScalar(token, strict = true, onError) {
      if (token) {
        const _onError = (pos, code2, message) => {
          const offset = typeof pos === "number" ? pos : Array.isArray(pos) ? pos[0] : pos.offset;
          if (onError)
            onError(offset, code2, message);
          else
            throw new errors.YAMLParseError([offset, offset + 1], code2, message);
        };
        switch (token.type) {
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return resolveFlowScalar.resolveFlowScalar(token, strict, _onError);
          case "block-scalar":
            return resolveBlockScalar.resolveBlockScalar({ options: { strict } }, token, _onError);
        }
      }
      return null;
    }
    function createScalarToken(value, context) {
      const { implicitKey = false, indent, inFlow = false, offset = -1, type = "PLAIN" } = context;
      const source = stringifyString.stringifyString({ type, value }, {
        implicitKey,
        indent: indent > 0 ? " ".repeat(indent) : "",
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
      });
      const end = context.end ?? [
        { type: "newline", offset: -1, indent, source: "\n" }
      ];
      switch (source[0]) {
        case "|":
        case ">": {
          const he = source.indexOf("\n");
          const head = source.substring(0, he);
          const body = source.substring(he + 1) + "\n";
          const props = [
            { type: "block-scalar-header", offset, indent, source: head }
          ];
          if (!addEndtoBlockProps(props, end))
            props.push({ type: "newline", offset: -1, indent, source: "\n" });
          return { type: "block-scalar", offset, indent, props, source: body };
        }
        case '"':
          return { type: "double-quoted-scalar", offset, indent, source, end };
        case "'":
          return { type: "single-quoted-scalar", offset, indent, source, end };
        default:
          return { type: "scalar", offset, indent, source, end };
      }
    }
    function setScalarValue(token, value, context = {}) {
      let { afterKey = false, implicitKey = false, inFlow = false, type } = context;
      let indent = "indent" in token ? token.indent : null;
      if (afterKey && typeof indent === "number")
        indent += 2;
      if (!type)
        switch (token.type) {
          case "single-quoted-scalar":
            type = "QUOTE_SINGLE";
            break;
          case "double-quoted-scalar":
            type = "QUOTE_DOUBLE";
            break;
          case "block-scalar": {
            const header = token.props[0];
            if (header.type !== "block-scalar-header")
              throw new Error("Invalid block scalar header");
            type = header.source[0] === ">" ? "BLOCK_FOLDED" : "BLOCK_LITERAL";
            break;
          }
          default:
            type = "PLAIN";
        }
      const source = stringifyString.stringifyString({ type, value }, {
        implicitKey: implicitKey || indent === null,
        indent: indent !== null && indent > 0 ? " ".repeat(indent) : "",
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
      });
      switch (source[0]) {
        case "|":
        case ">":
          setBlockScalarValue(token, source);
          break;
        case '"':
          setFlowScalarValue(token, source, "double-quoted-scalar");
          break;
        case "'":
          setFlowScalarValue(token, source, "single-quoted-scalar");
          break;
        default:
          setFlowScalarValue(token, source, "scalar");
      }
    }
    function setBlockScalarValue(token, source) {
      const he = source.indexOf("\n");
      const head = source.substring(0, he);
      const body = source.substring(he + 1) + "\n";
      if (token.type === "block-scalar") {
        const header = token.props[0];
        if (header.type !== "block-scalar-header")
          throw new Error("Invalid block scalar header");
        header.source = head;
        token.source = body;
      } else {
        const { offset } = token;
        const indent = "indent" in token ? token.indent : -1;
        const props = [
          { type: "block-scalar-header", offset, indent, source: head }
        ];
        if (!addEndtoBlockProps(props, "end" in token ? token.end : void 0))
          props.push({ type: "newline", offset: -1, indent, source: "\n" });
        for (const key of Object.keys(token))
          if (key !== "type" && key !== "offset")
            delete token[key];
        Object.assign(token, { type: "block-scalar", indent, props, source: body });
      }
    }
    function addEndtoBlockProps(props, end) {
      if (end)
        for (const st of end)
          switch (st.type) {
            case "space":
            case "comment":
              props.push(st);
              break;
            case "newline":
              props.push(st);
              return true;
          }
      return false;
    }
    function setFlowScalarValue(token, source, type) {
      switch (token.type) {
        case "scalar":
        case "double-quoted-scalar":
        case "single-quoted-scalar":
          token.type = type;
          token.source = source;
          break;
        case "block-scalar": {
          const end = token.props.slice(1);
          let oa = source.length;
          if (token.props[0].type === "block-scalar-header")
            oa -= token.props[0].source.length;
          for (const tok of end)
            tok.offset += oa;
          delete token.props;
          Object.assign(token, { type, source, end });
          break;
        }
        case "block-map":
        case "block-seq": {
          const offset = token.offset + source.length;
          const nl = { type: "newline", offset, indent: token.indent, source: "\n" };
          delete token.items;
          Object.assign(token, { type, source, end: [nl] });
          break;
        }
        default: {
          const indent = "indent" in token ? token.indent : -1;
          const end = "end" in token && Array.isArray(token.end) ? token.end.filter((st) => st.type === "space" || st.type === "comment" || st.type === "newline") : [];
          for (const key of Object.keys(token))
            if (key !== "type" && key !== "offset")
              delete token[key];
          Object.assign(token, { type, indent, source, end });
        }
      }
    }
    exports.createScalarToken = createScalarToken;
    exports.resolveAsScalar = resolveAsScalar;
    exports.setScalarValue = setScalarValue;
  }
});

// node_modules/yaml/dist/parse/cst-stringify.js
var require_cst_stringify = __commonJS({
  "node_modules/yaml/dist/parse/cst-stringify.js"(exports) {
    "use strict";
    var stringify = (cst) => "type" in cst ? stringifyToken(cst) : stringifyItem(cst);
    function stringifyToken(token) {
      switch (token.type) {
        case "block-scalar": {
          let res = "";
          for (const tok of token.props)
            res += stringifyToken(tok);
          return res + token.source;
        }
        case "block-map":
        case "block-seq": {
          let res = "";
          for (const item of token.items)
            res += stringifyItem(item);
          return res;
        }
        case "flow-collection": {
          let res = token.start.source;
          for (const item of token.items)
            res += stringifyItem(item);
          for (const st of token.end)
            res += st.source;
          return res;
        }
        case "document": {
          let res = stringifyItem(token);
          if (token.end)
            for (const st of token.end)
              res += st.source;
          return res;
        }
        default: {
          let res = token.source;
          if ("end" in token && token.end)
            for (const st of token.end)
              res += st.source;
          return res;
        }
      }
    }
    function stringifyItem({ start, key, sep, value }) {
      let res = "";
      for (const st of start)
        res += st.source;
      if (key)
        res += stringifyToken(key);
      if (sep)
        for (const st of sep)
          res += st.source;
      if (value)
        res += stringifyToken(value);
      return res;
    }
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/parse/cst-visit.js
var require_cst_visit = __commonJS({
  "node_modules/yaml/dist/parse/cst-visit.js"(exports) {
    "use strict";
    var BREAK = /* @__PURE__ */ Symbol("break visit");
    var SKIP = /* @__PURE__ */ Symbol("skip children");
    var REMOVE = /* @__PURE__ */ Symbol("remove item");
    function visit(cst, visitor) {
      if ("type" in cst && cst.type === "document")
        cst = { start: cst.start, value: cst.value };
      _visit(Object.freeze([]), cst, visitor);
    }
    visit.BREAK = BREAK;
    visit.SKIP = SKIP;
    visit.REMOVE = REMOVE;
    visit.itemAtPath = (cst, path11) => {
      let item = cst;
      for (const [field, index] of path11) {
        const tok = item?.[field];
        if (tok && "items" in tok) {
          item = tok.items[index];
        } else
          return void 0;
      }
      return item;
    };
    visit.parentCollection = (cst, path11) => {
      const parent = visit.itemAtPath(cst, path11.slice(0, -1));
      const field = path11[path11.length - 1][0];
      const coll = parent?.[field];
      if (coll && "items" in coll)
        return coll;
      throw new Error("Parent collection not found");
    };
    function _visit(path11, item, visitor) {
      let ctrl = visitor(item, path11);
      if (typeof ctrl === "symbol")
        return ctrl;
      for (const field of ["key", "value"]) {
        const token = item[field];
        if (token && "items" in token) {
          for (let i = 0; i < token.items.length; ++i) {
            const ci = _visit(Object.freeze(path11.concat([[field, i]])), token.items[i], visitor);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              token.items.splice(i, 1);
              i -= 1;
            }
          }
          if (typeof ctrl === "function" && field === "key")
            ctrl = ctrl(item, path11);
        }
      }
      return typeof ctrl === "function" ? ctrl(item, path11) : ctrl;
    }
    exports.visit = visit;
  }
});

// node_modules/yaml/dist/parse/cst.js
var require_cst = __commonJS({
  "node_modules/yaml/dist/parse/cst.js"(exports) {
    "use strict";
    var cstScalar = require_cst_scalar();
    var cstStringify = require_cst_stringify();
    var cstVisit = require_cst_visit();
    var BOM = "\uFEFF";
    var DOCUMENT = "";
    var FLOW_END = "";
    var SCALAR = "";
    var isCollection2 = (token) => !!token && "items" in token;
    var isScalar3 = (token) => !!token && (token.type === "scalar" || token.type === "single-quoted-scalar" || token.type === "double-quoted-scalar" || token.type === "block-scalar");
    function prettyToken(token) {
      switch (token) {
        case BOM:
          return "<BOM>";
        case DOCUMENT:
          return "<DOC>";
        case FLOW_END:
          return "<FLOW_END>";
        case SCALAR:
          return "<SCALAR>";
        default:
          return JSON.stringify(token);
      }
    }
    function tokenType(source) {
      switch (source) {
        case BOM:
          return "byte-order-mark";
        case DOCUMENT:
          return "doc-mode";
        case FLOW_END:
          return "flow-error-end";
        case SCALAR:
          return "scalar";
        case "---":
          return "doc-start";
        case "...":
          return "doc-end";
        case "":
        case "\n":
        case "\r\n":
          return "newline";
        case "-":
          return "seq-item-ind";
        case "?":
          return "explicit-key-ind";
        case ":":
          return "map-value-ind";
        case "{":
          return "flow-map-start";
        case "}":
          return "flow-map-end";
        case "[":
          return "flow-seq-start";
        case "]":
          return "flow-seq-end";
        case ",":
          return "comma";
      }
      switch (source[0]) {
        case " ":
        case "	":
          return "space";
        case "#":
          return "comment";
        case "%":
          return "directive-line";
        case "*":
          return "alias";
        case "&":
          return "anchor";
        case "!":
          return "tag";
        case "'":
          return "single-quoted-scalar";
        case '"':
          return "double-quoted-scalar";
        case "|":
        case ">":
          return "block-scalar-header";
      }
      return null;
    }
    exports.createScalarToken = cstScalar.createScalarToken;
    exports.resolveAsScalar = cstScalar.resolveAsScalar;
    exports.setScalarValue = cstScalar.setScalarValue;
    exports.stringify = cstStringify.stringify;
    exports.visit = cstVisit.visit;
    exports.BOM = BOM;
    exports.DOCUMENT = DOCUMENT;
    exports.FLOW_END = FLOW_END;
    exports.SCALAR = SCALAR;
    exports.isCollection = isCollection2;
    exports.isScalar = isScalar3;
    exports.prettyToken = prettyToken;
    exports.tokenType = tokenType;
  }
});

// node_modules/yaml/dist/parse/lexer.js
var require_lexer = __commonJS({
  "node_modules/yaml/dist/parse/lexer.js"(exports) {
    "use strict";
    var cst = require_cst();
    function isEmpty(ch) {
      switch (ch) {
        case void 0:
        case " ":
        case "\n":
        case "\r":
        case "	":
          return true;
        default:
          return false;
      }
    }
    var hexDigits = new Set("0123456789ABCDEFabcdef");
    var tagChars = new Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#;/?:@&=+$_.!~*'()");
    var flowIndicatorChars = new Set(",[]{}");
    var invalidAnchorChars = new Set(" ,[]{}\n\r	");
    var isNotAnchorChar = (ch) => !ch || invalidAnchorChars.has(ch);
    var Lexer = class {
      constructor() {
        this.atEnd = false;
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        this.buffer = "";
        this.flowKey = false;
        this.flowLevel = 0;
        this.indentNext = 0;
        this.indentValue = 0;
        this.lineEndPos = null;
        this.next = null;
        this.pos = 0;
      }
      /**
       * Generate YAML tokens from the `source` string. If `incomplete`,
       * a part of the last line may be left as a buffer for the next call.
       *
       * @returns A generator of lexical tokens
       */
      *lex(source, incomplete = false) {
        if (source) {
          if (typeof source !== "string")
            throw TypeError("source is not a string");
          this.buffer = this.buffer ? this.buffer + source : source;
          this.lineEndPos = null;
        }
        this.atEnd = !incomplete;
        let next = this.next ?? "stream";
        while (next && (incomplete || this.hasChars(1)))
          next = yield* this.parseNext(next);
      }
      atLineEnd() {
        let i = this.pos;
        let ch = this.buffer[i];
        while (ch === " " || ch === "	")
          ch = this.buffer[++i];
        if (!ch || ch === "#" || ch === "\n")
          return true;
        if (ch === "\r")
          return this.buffer[i + 1] === "\n";
        return false;
      }
      charAt(n) {
        return this.buffer[this.pos + n];
      }
      continueScalar(offset) {
        let ch = this.buffer[offset];
        if (this.indentNext > 0) {
          let indent = 0;
          while (ch === " ")
            ch = this.buffer[++indent + offset];
          if (ch === "\r") {
            const next = this.buffer[indent + offset + 1];
            if (next === "\n" || !next && !this.atEnd)
              return offset + indent + 1;
          }
          return ch === "\n" || indent >= this.indentNext || !ch && !this.atEnd ? offset + indent : -1;
        }
        if (ch === "-" || ch === ".") {
          const dt = this.buffer.substr(offset, 3);
          if ((dt === "---" || dt === "...") && isEmpty(this.buffer[offset + 3]))
            return -1;
        }
        return offset;
      }
      getLine() {
        let end = this.lineEndPos;
        if (typeof end !== "number" || end !== -1 && end < this.pos) {
          end = this.buffer.indexOf("\n", this.pos);
          this.lineEndPos = end;
        }
        if (end === -1)
          return this.atEnd ? this.buffer.substring(this.pos) : null;
        if (this.buffer[end - 1] === "\r")
          end -= 1;
        return this.buffer.substring(this.pos, end);
      }
      hasChars(n) {
        return this.pos + n <= this.buffer.length;
      }
      setNext(state) {
        this.buffer = this.buffer.substring(this.pos);
        this.pos = 0;
        this.lineEndPos = null;
        this.next = state;
        return null;
      }
      peek(n) {
        return this.buffer.substr(this.pos, n);
      }
      *parseNext(next) {
        switch (next) {
          case "stream":
            return yield* this.parseStream();
          case "line-start":
            return yield* this.parseLineStart();
          case "block-start":
            return yield* this.parseBlockStart();
          case "doc":
            return yield* this.parseDocument();
          case "flow":
            return yield* this.parseFlowCollection();
          case "quoted-scalar":
            return yield* this.parseQuotedScalar();
          case "block-scalar":
            return yield* this.parseBlockScalar();
          case "plain-scalar":
            return yield* this.parsePlainScalar();
        }
      }
      *parseStream() {
        let line = this.getLine();
        if (line === null)
          return this.setNext("stream");
        if (line[0] === cst.BOM) {
          yield* this.pushCount(1);
          line = line.substring(1);
        }
        if (line[0] === "%") {
          let dirEnd = line.length;
          let cs = line.indexOf("#");
          while (cs !== -1) {
            const ch = line[cs - 1];
            if (ch === " " || ch === "	") {
              dirEnd = cs - 1;
              break;
            } else {
              cs = line.indexOf("#", cs + 1);
            }
          }
          while (true) {
            const ch = line[dirEnd - 1];
            if (ch === " " || ch === "	")
              dirEnd -= 1;
            else
              break;
          }
          const n = (yield* this.pushCount(dirEnd)) + (yield* this.pushSpaces(true));
          yield* this.pushCount(line.length - n);
          this.pushNewline();
          return "stream";
        }
        if (this.atLineEnd()) {
          const sp = yield* this.pushSpaces(true);
          yield* this.pushCount(line.length - sp);
          yield* this.pushNewline();
          return "stream";
        }
        yield cst.DOCUMENT;
        return yield* this.parseLineStart();
      }
      *parseLineStart() {
        const ch = this.charAt(0);
        if (!ch && !this.atEnd)
          return this.setNext("line-start");
        if (ch === "-" || ch === ".") {
          if (!this.atEnd && !this.hasChars(4))
            return this.setNext("line-start");
          const s = this.peek(3);
          if ((s === "---" || s === "...") && isEmpty(this.charAt(3))) {
            yield* this.pushCount(3);
            this.indentValue = 0;
            this.indentNext = 0;
            return s === "---" ? "doc" : "stream";
          }
        }
        this.indentValue = yield* this.pushSpaces(false);
        if (this.indentNext > this.indentValue && !isEmpty(this.charAt(1)))
          this.indentNext = this.indentValue;
        return yield* this.parseBlockStart();
      }
      *parseBlockStart() {
        const [ch0, ch1] = this.peek(2);
        if (!ch1 && !this.atEnd)
          return this.setNext("block-start");
        if ((ch0 === "-" || ch0 === "?" || ch0 === ":") && isEmpty(ch1)) {
          const n = (yield* this.pushCount(1)) + (yield* this.pushSpaces(true));
          this.indentNext = this.indentValue + 1;
          this.indentValue += n;
          return "block-start";
        }
        return "doc";
      }
      *parseDocument() {
        yield* this.pushSpaces(true);
        const line = this.getLine();
        if (line === null)
          return this.setNext("doc");
        let n = yield* this.pushIndicators();
        switch (line[n]) {
          case "#":
            yield* this.pushCount(line.length - n);
          // fallthrough
          case void 0:
            yield* this.pushNewline();
            return yield* this.parseLineStart();
          case "{":
          case "[":
            yield* this.pushCount(1);
            this.flowKey = false;
            this.flowLevel = 1;
            return "flow";
          case "}":
          case "]":
            yield* this.pushCount(1);
            return "doc";
          case "*":
            yield* this.pushUntil(isNotAnchorChar);
            return "doc";
          case '"':
          case "'":
            return yield* this.parseQuotedScalar();
          case "|":
          case ">":
            n += yield* this.parseBlockScalarHeader();
            n += yield* this.pushSpaces(true);
            yield* this.pushCount(line.length - n);
            yield* this.pushNewline();
            return yield* this.parseBlockScalar();
          default:
            return yield* this.parsePlainScalar();
        }
      }
      *parseFlowCollection() {
        let nl, sp;
        let indent = -1;
        do {
          nl = yield* this.pushNewline();
          if (nl > 0) {
            sp = yield* this.pushSpaces(false);
            this.indentValue = indent = sp;
          } else {
            sp = 0;
          }
          sp += yield* this.pushSpaces(true);
        } while (nl + sp > 0);
        const line = this.getLine();
        if (line === null)
          return this.setNext("flow");
        if (indent !== -1 && indent < this.indentNext && line[0] !== "#" || indent === 0 && (line.startsWith("---") || line.startsWith("...")) && isEmpty(line[3])) {
          const atFlowEndMarker = indent === this.indentNext - 1 && this.flowLevel === 1 && (line[0] === "]" || line[0] === "}");
          if (!atFlowEndMarker) {
            this.flowLevel = 0;
            yield cst.FLOW_END;
            return yield* this.parseLineStart();
          }
        }
        let n = 0;
        while (line[n] === ",") {
          n += yield* this.pushCount(1);
          n += yield* this.pushSpaces(true);
          this.flowKey = false;
        }
        n += yield* this.pushIndicators();
        switch (line[n]) {
          case void 0:
            return "flow";
          case "#":
            yield* this.pushCount(line.length - n);
            return "flow";
          case "{":
          case "[":
            yield* this.pushCount(1);
            this.flowKey = false;
            this.flowLevel += 1;
            return "flow";
          case "}":
          case "]":
            yield* this.pushCount(1);
            this.flowKey = true;
            this.flowLevel -= 1;
            return this.flowLevel ? "flow" : "doc";
          case "*":
            yield* this.pushUntil(isNotAnchorChar);
            return "flow";
          case '"':
          case "'":
            this.flowKey = true;
            return yield* this.parseQuotedScalar();
          case ":": {
            const next = this.charAt(1);
            if (this.flowKey || isEmpty(next) || next === ",") {
              this.flowKey = false;
              yield* this.pushCount(1);
              yield* this.pushSpaces(true);
              return "flow";
            }
          }
          // fallthrough
          default:
            this.flowKey = false;
            return yield* this.parsePlainScalar();
        }
      }
      *parseQuotedScalar() {
        const quote2 = this.charAt(0);
        let end = this.buffer.indexOf(quote2, this.pos + 1);
        if (quote2 === "'") {
          while (end !== -1 && this.buffer[end + 1] === "'")
            end = this.buffer.indexOf("'", end + 2);
        } else {
          while (end !== -1) {
            let n = 0;
            while (this.buffer[end - 1 - n] === "\\")
              n += 1;
            if (n % 2 === 0)
              break;
            end = this.buffer.indexOf('"', end + 1);
          }
        }
        const qb = this.buffer.substring(0, end);
        let nl = qb.indexOf("\n", this.pos);
        if (nl !== -1) {
          while (nl !== -1) {
            const cs = this.continueScalar(nl + 1);
            if (cs === -1)
              break;
            nl = qb.indexOf("\n", cs);
          }
          if (nl !== -1) {
            end = nl - (qb[nl - 1] === "\r" ? 2 : 1);
          }
        }
        if (end === -1) {
          if (!this.atEnd)
            return this.setNext("quoted-scalar");
          end = this.buffer.length;
        }
        yield* this.pushToIndex(end + 1, false);
        return this.flowLevel ? "flow" : "doc";
      }
      *parseBlockScalarHeader() {
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        let i = this.pos;
        while (true) {
          const ch = this.buffer[++i];
          if (ch === "+")
            this.blockScalarKeep = true;
          else if (ch > "0" && ch <= "9")
            this.blockScalarIndent = Number(ch) - 1;
          else if (ch !== "-")
            break;
        }
        return yield* this.pushUntil((ch) => isEmpty(ch) || ch === "#");
      }
      *parseBlockScalar() {
        let nl = this.pos - 1;
        let indent = 0;
        let ch;
        loop: for (let i2 = this.pos; ch = this.buffer[i2]; ++i2) {
          switch (ch) {
            case " ":
              indent += 1;
              break;
            case "\n":
              nl = i2;
              indent = 0;
              break;
            case "\r": {
              const next = this.buffer[i2 + 1];
              if (!next && !this.atEnd)
                return this.setNext("block-scalar");
              if (next === "\n")
                break;
            }
            // fallthrough
            default:
              break loop;
          }
        }
        if (!ch && !this.atEnd)
          return this.setNext("block-scalar");
        if (indent >= this.indentNext) {
          if (this.blockScalarIndent === -1)
            this.indentNext = indent;
          else {
            this.indentNext = this.blockScalarIndent + (this.indentNext === 0 ? 1 : this.indentNext);
          }
          do {
            const cs = this.continueScalar(nl + 1);
            if (cs === -1)
              break;
            nl = this.buffer.indexOf("\n", cs);
          } while (nl !== -1);
          if (nl === -1) {
            if (!this.atEnd)
              return this.setNext("block-scalar");
            nl = this.buffer.length;
          }
        }
        let i = nl + 1;
        ch = this.buffer[i];
        while (ch === " ")
          ch = this.buffer[++i];
        if (ch === "	") {
          while (ch === "	" || ch === " " || ch === "\r" || ch === "\n")
            ch = this.buffer[++i];
          nl = i - 1;
        } else if (!this.blockScalarKeep) {
          do {
            let i2 = nl - 1;
            let ch2 = this.buffer[i2];
            if (ch2 === "\r")
              ch2 = this.buffer[--i2];
            const lastChar = i2;
            while (ch2 === " ")
              ch2 = this.buffer[--i2];
            if (ch2 === "\n" && i2 >= this.pos && i2 + 1 + indent > lastChar)
              nl = i2;
            else
              break;
          } while (true);
        }
        yield cst.SCALAR;
        yield* this.pushToIndex(nl + 1, true);
        return yield* this.parseLineStart();
      }
      *parsePlainScalar() {
        const inFlow = this.flowLevel > 0;
        let end = this.pos - 1;
        let i = this.pos - 1;
        let ch;
        while (ch = this.buffer[++i]) {
          if (ch === ":") {
            const next = this.buffer[i + 1];
            if (isEmpty(next) || inFlow && flowIndicatorChars.has(next))
              break;
            end = i;
          } else if (isEmpty(ch)) {
            let next = this.buffer[i + 1];
            if (ch === "\r") {
              if (next === "\n") {
                i += 1;
                ch = "\n";
                next = this.buffer[i + 1];
              } else
                end = i;
            }
            if (next === "#" || inFlow && flowIndicatorChars.has(next))
              break;
            if (ch === "\n") {
              const cs = this.continueScalar(i + 1);
              if (cs === -1)
                break;
              i = Math.max(i, cs - 2);
            }
          } else {
            if (inFlow && flowIndicatorChars.has(ch))
              break;
            end = i;
          }
        }
        if (!ch && !this.atEnd)
          return this.setNext("plain-scalar");
        yield cst.SCALAR;
        yield* this.pushToIndex(end + 1, true);
        return inFlow ? "flow" : "doc";
      }
      *pushCount(n) {
        if (n > 0) {
          yield this.buffer.substr(this.pos, n);
          this.pos += n;
          return n;
        }
        return 0;
      }
      *pushToIndex(i, allowEmpty) {
        const s = this.buffer.slice(this.pos, i);
        if (s) {
          yield s;
          this.pos += s.length;
          return s.length;
        } else if (allowEmpty)
          yield "";
        return 0;
      }
      *pushIndicators() {
        let n = 0;
        loop: while (true) {
          switch (this.charAt(0)) {
            case "!":
              n += yield* this.pushTag();
              n += yield* this.pushSpaces(true);
              continue loop;
            case "&":
              n += yield* this.pushUntil(isNotAnchorChar);
              n += yield* this.pushSpaces(true);
              continue loop;
            case "-":
            // this is an error
            case "?":
            // this is an error outside flow collections
            case ":": {
              const inFlow = this.flowLevel > 0;
              const ch1 = this.charAt(1);
              if (isEmpty(ch1) || inFlow && flowIndicatorChars.has(ch1)) {
                if (!inFlow)
                  this.indentNext = this.indentValue + 1;
                else if (this.flowKey)
                  this.flowKey = false;
                n += yield* this.pushCount(1);
                n += yield* this.pushSpaces(true);
                continue loop;
              }
            }
          }
          break loop;
        }
        return n;
      }
      *pushTag() {
        if (this.charAt(1) === "<") {
          let i = this.pos + 2;
          let ch = this.buffer[i];
          while (!isEmpty(ch) && ch !== ">")
            ch = this.buffer[++i];
          return yield* this.pushToIndex(ch === ">" ? i + 1 : i, false);
        } else {
          let i = this.pos + 1;
          let ch = this.buffer[i];
          while (ch) {
            if (tagChars.has(ch))
              ch = this.buffer[++i];
            else if (ch === "%" && hexDigits.has(this.buffer[i + 1]) && hexDigits.has(this.buffer[i + 2])) {
              ch = this.buffer[i += 3];
            } else
              break;
          }
          return yield* this.pushToIndex(i, false);
        }
      }
      *pushNewline() {
        const ch = this.buffer[this.pos];
        if (ch === "\n")
          return yield* this.pushCount(1);
        else if (ch === "\r" && this.charAt(1) === "\n")
          return yield* this.pushCount(2);
        else
          return 0;
      }
      *pushSpaces(allowTabs) {
        let i = this.pos - 1;
        let ch;
        do {
          ch = this.buffer[++i];
        } while (ch === " " || allowTabs && ch === "	");
        const n = i - this.pos;
        if (n > 0) {
          yield this.buffer.substr(this.pos, n);
          this.pos = i;
        }
        return n;
      }
      *pushUntil(test) {
        let i = this.pos;
        let ch = this.buffer[i];
        while (!test(ch))
          ch = this.buffer[++i];
        return yield* this.pushToIndex(i, false);
      }
    };
    exports.Lexer = Lexer;
  }
});

// node_modules/yaml/dist/parse/line-counter.js
var require_line_counter = __commonJS({
  "node_modules/yaml/dist/parse/line-counter.js"(exports) {
    "use strict";
    var LineCounter3 = class {
      constructor() {
        this.lineStarts = [];
        this.addNewLine = (offset) => this.lineStarts.push(offset);
        this.linePos = (offset) => {
          let low = 0;
          let high = this.lineStarts.length;
          while (low < high) {
            const mid = low + high >> 1;
            if (this.lineStarts[mid] < offset)
              low = mid + 1;
            else
              high = mid;
          }
          if (this.lineStarts[low] === offset)
            return { line: low + 1, col: 1 };
          if (low === 0)
            return { line: 0, col: offset };
          const start = this.lineStarts[low - 1];
          return { line: low, col: offset - start + 1 };
        };
      }
    };
    exports.LineCounter = LineCounter3;
  }
});

// node_modules/yaml/dist/parse/parser.js
var require_parser = __commonJS({
  "node_modules/yaml/dist/parse/parser.js"(exports) {
    "use strict";
    var node_process = __require("process");
    var cst = require_cst();
    var lexer = require_lexer();
    function includesToken(list, type) {
      for (let i = 0; i < list.length; ++i)
        if (list[i].type === type)
          return true;
      return false;
    }
    function findNonEmptyIndex(list) {
      for (let i = 0; i < list.length; ++i) {
        switch (list[i].type) {
          case "space":
          case "comment":
          case "newline":
            break;
          default:
            return i;
        }
      }
      return -1;
    }
    function isFlowToken(token) {
      switch (token?.type) {
        case "alias":
        case "scalar":
        case "single-quoted-scalar":
        case "double-quoted-scalar":
        case "flow-collection":
          return true;
        default:
          return false;
      }
    }
    function getPrevProps(parent) {
      switch (parent.type) {
        case "document":
          return parent.start;
        case "block-map": {
          const it = parent.items[parent.items.length - 1];
          return it.sep ?? it.start;
        }
        case "block-seq":
          return parent.items[parent.items.length - 1].start;
        /* istanbul ignore next should not happen */
        default:
          return [];
      }
    }
    function getFirstKeyStartProps(prev) {
      if (prev.length === 0)
        return [];
      let i = prev.length;
      loop: while (--i >= 0) {
        switch (prev[i].type) {
          case "doc-start":
          case "explicit-key-ind":
          case "map-value-ind":
          case "seq-item-ind":
          case "newline":
            break loop;
        }
      }
      while (prev[++i]?.type === "space") {
      }
      return prev.splice(i, prev.length);
    }
    function arrayPushArray(target, source) {
      if (source.length < 1e5)
        Array.prototype.push.apply(target, source);
      else
        for (let i = 0; i < source.length; ++i)
          target.push(source[i]);
    }
    function fixFlowSeqItems(fc) {
      if (fc.start.type === "flow-seq-start") {
        for (const it of fc.items) {
          if (it.sep && !it.value && !includesToken(it.start, "explicit-key-ind") && !includesToken(it.sep, "map-value-ind")) {
            if (it.key)
              it.value = it.key;
            delete it.key;
            if (isFlowToken(it.value)) {
              if (it.value.end)
                arrayPushArray(it.value.end, it.sep);
              else
                it.value.end = it.sep;
            } else
              arrayPushArray(it.start, it.sep);
            delete it.sep;
          }
        }
      }
    }
    var Parser = class {
      /**
       * @param onNewLine - If defined, called separately with the start position of
       *   each new line (in `parse()`, including the start of input).
       */
      constructor(onNewLine) {
        this.atNewLine = true;
        this.atScalar = false;
        this.indent = 0;
        this.offset = 0;
        this.onKeyLine = false;
        this.stack = [];
        this.source = "";
        this.type = "";
        this.lexer = new lexer.Lexer();
        this.onNewLine = onNewLine;
      }
      /**
       * Parse `source` as a YAML stream.
       * If `incomplete`, a part of the last line may be left as a buffer for the next call.
       *
       * Errors are not thrown, but yielded as `{ type: 'error', message }` tokens.
       *
       * @returns A generator of tokens representing each directive, document, and other structure.
       */
      *parse(source, incomplete = false) {
        if (this.onNewLine && this.offset === 0)
          this.onNewLine(0);
        for (const lexeme of this.lexer.lex(source, incomplete))
          yield* this.next(lexeme);
        if (!incomplete)
          yield* this.end();
      }
      /**
       * Advance the parser by the `source` of one lexical token.
       */
      *next(source) {
        this.source = source;
        if (node_process.env.LOG_TOKENS)
          console.log("|", cst.prettyToken(source));
        if (this.atScalar) {
          this.atScalar = false;
          yield* this.step();
          this.offset += source.length;
          return;
        }
        const type = cst.tokenType(source);
        if (!type) {
          const message = `Not a YAML token: ${source}`;
          yield* this.pop({ type: "error", offset: this.offset, message, source });
          this.offset += source.length;
        } else if (type === "scalar") {
          this.atNewLine = false;
          this.atScalar = true;
          this.type = "scalar";
        } else {
          this.type = type;
          yield* this.step();
          switch (type) {
            case "newline":
              this.atNewLine = true;
              this.indent = 0;
              if (this.onNewLine)
                this.onNewLine(this.offset + source.length);
              break;
            case "space":
              if (this.atNewLine && source[0] === " ")
                this.indent += source.length;
              break;
            case "explicit-key-ind":
            case "map-value-ind":
            case "seq-item-ind":
              if (this.atNewLine)
                this.indent += source.length;
              break;
            case "doc-mode":
            case "flow-error-end":
              return;
            default:
              this.atNewLine = false;
          }
          this.offset += source.length;
        }
      }
      /** Call at end of input to push out any remaining constructions */
      *end() {
        while (this.stack.length > 0)
          yield* this.pop();
      }
      get sourceToken() {
        const st = {
          type: this.type,
          offset: this.offset,
          indent: this.indent,
          source: this.source
        };
        return st;
      }
      *step() {
        const top = this.peek(1);
        if (this.type === "doc-end" && top?.type !== "doc-end") {
          while (this.stack.length > 0)
            yield* this.pop();
          this.stack.push({
            type: "doc-end",
            offset: this.offset,
            source: this.source
          });
          return;
        }
        if (!top)
          return yield* this.stream();
        switch (top.type) {
          case "document":
            return yield* this.document(top);
          case "alias":
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return yield* this.scalar(top);
          case "block-scalar":
            return yield* this.blockScalar(top);
          case "block-map":
            return yield* this.blockMap(top);
          case "block-seq":
            return yield* this.blockSequence(top);
          case "flow-collection":
            return yield* this.flowCollection(top);
          case "doc-end":
            return yield* this.documentEnd(top);
        }
        yield* this.pop();
      }
      peek(n) {
        return this.stack[this.stack.length - n];
      }
      *pop(error) {
        const token = error ?? this.stack.pop();
        if (!token) {
          const message = "Tried to pop an empty stack";
          yield { type: "error", offset: this.offset, source: "", message };
        } else if (this.stack.length === 0) {
          yield token;
        } else {
          const top = this.peek(1);
          if (token.type === "block-scalar") {
            token.indent = "indent" in top ? top.indent : 0;
          } else if (token.type === "flow-collection" && top.type === "document") {
            token.indent = 0;
          }
          if (token.type === "flow-collection")
            fixFlowSeqItems(token);
          switch (top.type) {
            case "document":
              top.value = token;
              break;
            case "block-scalar":
              top.props.push(token);
              break;
            case "block-map": {
              const it = top.items[top.items.length - 1];
              if (it.value) {
                top.items.push({ start: [], key: token, sep: [] });
                this.onKeyLine = true;
                return;
              } else if (it.sep) {
                it.value = token;
              } else {
                Object.assign(it, { key: token, sep: [] });
                this.onKeyLine = !it.explicitKey;
                return;
              }
              break;
            }
            case "block-seq": {
              const it = top.items[top.items.length - 1];
              if (it.value)
                top.items.push({ start: [], value: token });
              else
                it.value = token;
              break;
            }
            case "flow-collection": {
              const it = top.items[top.items.length - 1];
              if (!it || it.value)
                top.items.push({ start: [], key: token, sep: [] });
              else if (it.sep)
                it.value = token;
              else
                Object.assign(it, { key: token, sep: [] });
              return;
            }
            /* istanbul ignore next should not happen */
            default:
              yield* this.pop();
              yield* this.pop(token);
          }
          if ((top.type === "document" || top.type === "block-map" || top.type === "block-seq") && (token.type === "block-map" || token.type === "block-seq")) {
            const last = token.items[token.items.length - 1];
            if (last && !last.sep && !last.value && last.start.length > 0 && findNonEmptyIndex(last.start) === -1 && (token.indent === 0 || last.start.every((st) => st.type !== "comment" || st.indent < token.indent))) {
              if (top.type === "document")
                top.end = last.start;
              else
                top.items.push({ start: last.start });
              token.items.splice(-1, 1);
            }
          }
        }
      }
      *stream() {
        switch (this.type) {
          case "directive-line":
            yield { type: "directive", offset: this.offset, source: this.source };
            return;
          case "byte-order-mark":
          case "space":
          case "comment":
          case "newline":
            yield this.sourceToken;
            return;
          case "doc-mode":
          case "doc-start": {
            const doc = {
              type: "document",
              offset: this.offset,
              start: []
            };
            if (this.type === "doc-start")
              doc.start.push(this.sourceToken);
            this.stack.push(doc);
            return;
          }
        }
        yield {
          type: "error",
          offset: this.offset,
          message: `Unexpected ${this.type} token in YAML stream`,
          source: this.source
        };
      }
      *document(doc) {
        if (doc.value)
          return yield* this.lineEnd(doc);
        switch (this.type) {
          case "doc-start": {
            if (findNonEmptyIndex(doc.start) !== -1) {
              yield* this.pop();
              yield* this.step();
            } else
              doc.start.push(this.sourceToken);
            return;
          }
          case "anchor":
          case "tag":
          case "space":
          case "comment":
          case "newline":
            doc.start.push(this.sourceToken);
            return;
        }
        const bv = this.startBlockValue(doc);
        if (bv)
          this.stack.push(bv);
        else {
          yield {
            type: "error",
            offset: this.offset,
            message: `Unexpected ${this.type} token in YAML document`,
            source: this.source
          };
        }
      }
      *scalar(scalar) {
        if (this.type === "map-value-ind") {
          const prev = getPrevProps(this.peek(2));
          const start = getFirstKeyStartProps(prev);
          let sep;
          if (scalar.end) {
            sep = scalar.end;
            sep.push(this.sourceToken);
            delete scalar.end;
          } else
            sep = [this.sourceToken];
          const map = {
            type: "block-map",
            offset: scalar.offset,
            indent: scalar.indent,
            items: [{ start, key: scalar, sep }]
          };
          this.onKeyLine = true;
          this.stack[this.stack.length - 1] = map;
        } else
          yield* this.lineEnd(scalar);
      }
      *blockScalar(scalar) {
        switch (this.type) {
          case "space":
          case "comment":
          case "newline":
            scalar.props.push(this.sourceToken);
            return;
          case "scalar":
            scalar.source = this.source;
            this.atNewLine = true;
            this.indent = 0;
            if (this.onNewLine) {
              let nl = this.source.indexOf("\n") + 1;
              while (nl !== 0) {
                this.onNewLine(this.offset + nl);
                nl = this.source.indexOf("\n", nl) + 1;
              }
            }
            yield* this.pop();
            break;
          /* istanbul ignore next should not happen */
          default:
            yield* this.pop();
            yield* this.step();
        }
      }
      *blockMap(map) {
        const it = map.items[map.items.length - 1];
        switch (this.type) {
          case "newline":
            this.onKeyLine = false;
            if (it.value) {
              const end = "end" in it.value ? it.value.end : void 0;
              const last = Array.isArray(end) ? end[end.length - 1] : void 0;
              if (last?.type === "comment")
                end?.push(this.sourceToken);
              else
                map.items.push({ start: [this.sourceToken] });
            } else if (it.sep) {
              it.sep.push(this.sourceToken);
            } else {
              it.start.push(this.sourceToken);
            }
            return;
          case "space":
          case "comment":
            if (it.value) {
              map.items.push({ start: [this.sourceToken] });
            } else if (it.sep) {
              it.sep.push(this.sourceToken);
            } else {
              if (this.atIndentedComment(it.start, map.indent)) {
                const prev = map.items[map.items.length - 2];
                const end = prev?.value?.end;
                if (Array.isArray(end)) {
                  arrayPushArray(end, it.start);
                  end.push(this.sourceToken);
                  map.items.pop();
                  return;
                }
              }
              it.start.push(this.sourceToken);
            }
            return;
        }
        if (this.indent >= map.indent) {
          const atMapIndent = !this.onKeyLine && this.indent === map.indent;
          const atNextItem = atMapIndent && (it.sep || it.explicitKey) && this.type !== "seq-item-ind";
          let start = [];
          if (atNextItem && it.sep && !it.value) {
            const nl = [];
            for (let i = 0; i < it.sep.length; ++i) {
              const st = it.sep[i];
              switch (st.type) {
                case "newline":
                  nl.push(i);
                  break;
                case "space":
                  break;
                case "comment":
                  if (st.indent > map.indent)
                    nl.length = 0;
                  break;
                default:
                  nl.length = 0;
              }
            }
            if (nl.length >= 2)
              start = it.sep.splice(nl[1]);
          }
          switch (this.type) {
            case "anchor":
            case "tag":
              if (atNextItem || it.value) {
                start.push(this.sourceToken);
                map.items.push({ start });
                this.onKeyLine = true;
              } else if (it.sep) {
                it.sep.push(this.sourceToken);
              } else {
                it.start.push(this.sourceToken);
              }
              return;
            case "explicit-key-ind":
              if (!it.sep && !it.explicitKey) {
                it.start.push(this.sourceToken);
                it.explicitKey = true;
              } else if (atNextItem || it.value) {
                start.push(this.sourceToken);
                map.items.push({ start, explicitKey: true });
              } else {
                this.stack.push({
                  type: "block-map",
                  offset: this.offset,
                  indent: this.indent,
                  items: [{ start: [this.sourceToken], explicitKey: true }]
                });
              }
              this.onKeyLine = true;
              return;
            case "map-value-ind":
              if (it.explicitKey) {
                if (!it.sep) {
                  if (includesToken(it.start, "newline")) {
                    Object.assign(it, { key: null, sep: [this.sourceToken] });
                  } else {
                    const start2 = getFirstKeyStartProps(it.start);
                    this.stack.push({
                      type: "block-map",
                      offset: this.offset,
                      indent: this.indent,
                      items: [{ start: start2, key: null, sep: [this.sourceToken] }]
                    });
                  }
                } else if (it.value) {
                  map.items.push({ start: [], key: null, sep: [this.sourceToken] });
                } else if (includesToken(it.sep, "map-value-ind")) {
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start, key: null, sep: [this.sourceToken] }]
                  });
                } else if (isFlowToken(it.key) && !includesToken(it.sep, "newline")) {
                  const start2 = getFirstKeyStartProps(it.start);
                  const key = it.key;
                  const sep = it.sep;
                  sep.push(this.sourceToken);
                  delete it.key;
                  delete it.sep;
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: start2, key, sep }]
                  });
                } else if (start.length > 0) {
                  it.sep = it.sep.concat(start, this.sourceToken);
                } else {
                  it.sep.push(this.sourceToken);
                }
              } else {
                if (!it.sep) {
                  Object.assign(it, { key: null, sep: [this.sourceToken] });
                } else if (it.value || atNextItem) {
                  map.items.push({ start, key: null, sep: [this.sourceToken] });
                } else if (includesToken(it.sep, "map-value-ind")) {
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: [], key: null, sep: [this.sourceToken] }]
                  });
                } else {
                  it.sep.push(this.sourceToken);
                }
              }
              this.onKeyLine = true;
              return;
            case "alias":
            case "scalar":
            case "single-quoted-scalar":
            case "double-quoted-scalar": {
              const fs = this.flowScalar(this.type);
              if (atNextItem || it.value) {
                map.items.push({ start, key: fs, sep: [] });
                this.onKeyLine = true;
              } else if (it.sep) {
                this.stack.push(fs);
              } else {
                Object.assign(it, { key: fs, sep: [] });
                this.onKeyLine = true;
              }
              return;
            }
            default: {
              const bv = this.startBlockValue(map);
              if (bv) {
                if (bv.type === "block-seq") {
                  if (!it.explicitKey && it.sep && !includesToken(it.sep, "newline")) {
                    yield* this.pop({
                      type: "error",
                      offset: this.offset,
                      message: "Unexpected block-seq-ind on same line with key",
                      source: this.source
                    });
                    return;
                  }
                } else if (atMapIndent) {
                  map.items.push({ start });
                }
                this.stack.push(bv);
                return;
              }
            }
          }
        }
        yield* this.pop();
        yield* this.step();
      }
      *blockSequence(seq) {
        const it = seq.items[seq.items.length - 1];
        switch (this.type) {
          case "newline":
            if (it.value) {
              const end = "end" in it.value ? it.value.end : void 0;
              const last = Array.isArray(end) ? end[end.length - 1] : void 0;
              if (last?.type === "comment")
                end?.push(this.sourceToken);
              else
                seq.items.push({ start: [this.sourceToken] });
            } else
              it.start.push(this.sourceToken);
            return;
          case "space":
          case "comment":
            if (it.value)
              seq.items.push({ start: [this.sourceToken] });
            else {
              if (this.atIndentedComment(it.start, seq.indent)) {
                const prev = seq.items[seq.items.length - 2];
                const end = prev?.value?.end;
                if (Array.isArray(end)) {
                  arrayPushArray(end, it.start);
                  end.push(this.sourceToken);
                  seq.items.pop();
                  return;
                }
              }
              it.start.push(this.sourceToken);
            }
            return;
          case "anchor":
          case "tag":
            if (it.value || this.indent <= seq.indent)
              break;
            it.start.push(this.sourceToken);
            return;
          case "seq-item-ind":
            if (this.indent !== seq.indent)
              break;
            if (it.value || includesToken(it.start, "seq-item-ind"))
              seq.items.push({ start: [this.sourceToken] });
            else
              it.start.push(this.sourceToken);
            return;
        }
        if (this.indent > seq.indent) {
          const bv = this.startBlockValue(seq);
          if (bv) {
            this.stack.push(bv);
            return;
          }
        }
        yield* this.pop();
        yield* this.step();
      }
      *flowCollection(fc) {
        const it = fc.items[fc.items.length - 1];
        if (this.type === "flow-error-end") {
          let top;
          do {
            yield* this.pop();
            top = this.peek(1);
          } while (top?.type === "flow-collection");
        } else if (fc.end.length === 0) {
          switch (this.type) {
            case "comma":
            case "explicit-key-ind":
              if (!it || it.sep)
                fc.items.push({ start: [this.sourceToken] });
              else
                it.start.push(this.sourceToken);
              return;
            case "map-value-ind":
              if (!it || it.value)
                fc.items.push({ start: [], key: null, sep: [this.sourceToken] });
              else if (it.sep)
                it.sep.push(this.sourceToken);
              else
                Object.assign(it, { key: null, sep: [this.sourceToken] });
              return;
            case "space":
            case "comment":
            case "newline":
            case "anchor":
            case "tag":
              if (!it || it.value)
                fc.items.push({ start: [this.sourceToken] });
              else if (it.sep)
                it.sep.push(this.sourceToken);
              else
                it.start.push(this.sourceToken);
              return;
            case "alias":
            case "scalar":
            case "single-quoted-scalar":
            case "double-quoted-scalar": {
              const fs = this.flowScalar(this.type);
              if (!it || it.value)
                fc.items.push({ start: [], key: fs, sep: [] });
              else if (it.sep)
                this.stack.push(fs);
              else
                Object.assign(it, { key: fs, sep: [] });
              return;
            }
            case "flow-map-end":
            case "flow-seq-end":
              fc.end.push(this.sourceToken);
              return;
          }
          const bv = this.startBlockValue(fc);
          if (bv)
            this.stack.push(bv);
          else {
            yield* this.pop();
            yield* this.step();
          }
        } else {
          const parent = this.peek(2);
          if (parent.type === "block-map" && (this.type === "map-value-ind" && parent.indent === fc.indent || this.type === "newline" && !parent.items[parent.items.length - 1].sep)) {
            yield* this.pop();
            yield* this.step();
          } else if (this.type === "map-value-ind" && parent.type !== "flow-collection") {
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            fixFlowSeqItems(fc);
            const sep = fc.end.splice(1, fc.end.length);
            sep.push(this.sourceToken);
            const map = {
              type: "block-map",
              offset: fc.offset,
              indent: fc.indent,
              items: [{ start, key: fc, sep }]
            };
            this.onKeyLine = true;
            this.stack[this.stack.length - 1] = map;
          } else {
            yield* this.lineEnd(fc);
          }
        }
      }
      flowScalar(type) {
        if (this.onNewLine) {
          let nl = this.source.indexOf("\n") + 1;
          while (nl !== 0) {
            this.onNewLine(this.offset + nl);
            nl = this.source.indexOf("\n", nl) + 1;
          }
        }
        return {
          type,
          offset: this.offset,
          indent: this.indent,
          source: this.source
        };
      }
      startBlockValue(parent) {
        switch (this.type) {
          case "alias":
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return this.flowScalar(this.type);
          case "block-scalar-header":
            return {
              type: "block-scalar",
              offset: this.offset,
              indent: this.indent,
              props: [this.sourceToken],
              source: ""
            };
          case "flow-map-start":
          case "flow-seq-start":
            return {
              type: "flow-collection",
              offset: this.offset,
              indent: this.indent,
              start: this.sourceToken,
              items: [],
              end: []
            };
          case "seq-item-ind":
            return {
              type: "block-seq",
              offset: this.offset,
              indent: this.indent,
              items: [{ start: [this.sourceToken] }]
            };
          case "explicit-key-ind": {
            this.onKeyLine = true;
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            start.push(this.sourceToken);
            return {
              type: "block-map",
              offset: this.offset,
              indent: this.indent,
              items: [{ start, explicitKey: true }]
            };
          }
          case "map-value-ind": {
            this.onKeyLine = true;
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            return {
              type: "block-map",
              offset: this.offset,
              indent: this.indent,
              items: [{ start, key: null, sep: [this.sourceToken] }]
            };
          }
        }
        return null;
      }
      atIndentedComment(start, indent) {
        if (this.type !== "comment")
          return false;
        if (this.indent <= indent)
          return false;
        return start.every((st) => st.type === "newline" || st.type === "space");
      }
      *documentEnd(docEnd) {
        if (this.type !== "doc-mode") {
          if (docEnd.end)
            docEnd.end.push(this.sourceToken);
          else
            docEnd.end = [this.sourceToken];
          if (this.type === "newline")
            yield* this.pop();
        }
      }
      *lineEnd(token) {
        switch (this.type) {
          case "comma":
          case "doc-start":
          case "doc-end":
          case "flow-seq-end":
          case "flow-map-end":
          case "map-value-ind":
            yield* this.pop();
            yield* this.step();
            break;
          case "newline":
            this.onKeyLine = false;
          // fallthrough
          case "space":
          case "comment":
          default:
            if (token.end)
              token.end.push(this.sourceToken);
            else
              token.end = [this.sourceToken];
            if (this.type === "newline")
              yield* this.pop();
        }
      }
    };
    exports.Parser = Parser;
  }
});

// node_modules/yaml/dist/public-api.js
var require_public_api = __commonJS({
  "node_modules/yaml/dist/public-api.js"(exports) {
    "use strict";
    var composer = require_composer();
    var Document = require_Document();
    var errors = require_errors2();
    var log = require_log();
    var identity = require_identity();
    var lineCounter = require_line_counter();
    var parser = require_parser();
    function parseOptions(options) {
      const prettyErrors = options.prettyErrors !== false;
      const lineCounter$1 = options.lineCounter || prettyErrors && new lineCounter.LineCounter() || null;
      return { lineCounter: lineCounter$1, prettyErrors };
    }
    function parseAllDocuments3(source, options = {}) {
      const { lineCounter: lineCounter2, prettyErrors } = parseOptions(options);
      const parser$1 = new parser.Parser(lineCounter2?.addNewLine);
      const composer$1 = new composer.Composer(options);
      const docs = Array.from(composer$1.compose(parser$1.parse(source)));
      if (prettyErrors && lineCounter2)
        for (const doc of docs) {
          doc.errors.forEach(errors.prettifyError(source, lineCounter2));
          doc.warnings.forEach(errors.prettifyError(source, lineCounter2));
        }
      if (docs.length > 0)
        return docs;
      return Object.assign([], { empty: true }, composer$1.streamInfo());
    }
    function parseDocument(source, options = {}) {
      const { lineCounter: lineCounter2, prettyErrors } = parseOptions(options);
      const parser$1 = new parser.Parser(lineCounter2?.addNewLine);
      const composer$1 = new composer.Composer(options);
      let doc = null;
      for (const _doc of composer$1.compose(parser$1.parse(source), true, source.length)) {
        if (!doc)
          doc = _doc;
        else if (doc.options.logLevel !== "silent") {
          doc.errors.push(new errors.YAMLParseError(_doc.range.slice(0, 2), "MULTIPLE_DOCS", "Source contains multiple documents; please use YAML.parseAllDocuments()"));
          break;
        }
      }
      if (prettyErrors && lineCounter2) {
        doc.errors.forEach(errors.prettifyError(source, lineCounter2));
        doc.warnings.forEach(errors.prettifyError(source, lineCounter2));
      }
      return doc;
    }
    function parse(src, reviver, options) {
      let _reviver = void 0;
      if (typeof reviver === "function") {
        _reviver = reviver;
      } else if (options === void 0 && reviver && typeof reviver === "object") {
        options = reviver;
      }
      const doc = parseDocument(src, options);
      if (!doc)
        return null;
      doc.warnings.forEach((warning) => log.warn(doc.options.logLevel, warning));
      if (doc.errors.length > 0) {
        if (doc.options.logLevel !== "silent")
          throw doc.errors[0];
        else
          doc.errors = [];
      }
      return doc.toJS(Object.assign({ reviver: _reviver }, options));
    }
    function stringify(value, replacer, options) {
      let _replacer = null;
      if (typeof replacer === "function" || Array.isArray(replacer)) {
        _replacer = replacer;
      } else if (options === void 0 && replacer) {
        options = replacer;
      }
      if (typeof options === "string")
        options = options.length;
      if (typeof options === "number") {
        const indent = Math.round(options);
        options = indent < 1 ? void 0 : indent > 8 ? { indent: 8 } : { indent };
      }
      if (value === void 0) {
        const { keepUndefined } = options ?? replacer ?? {};
        if (!keepUndefined)
          return void 0;
      }
      if (identity.isDocument(value) && !_replacer)
        return value.toString(options);
      return new Document.Document(value, _replacer, options).toString(options);
    }
    exports.parse = parse;
    exports.parseAllDocuments = parseAllDocuments3;
    exports.parseDocument = parseDocument;
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/index.js
var require_dist = __commonJS({
  "node_modules/yaml/dist/index.js"(exports) {
    "use strict";
    var composer = require_composer();
    var Document = require_Document();
    var Schema = require_Schema();
    var errors = require_errors2();
    var Alias = require_Alias();
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var cst = require_cst();
    var lexer = require_lexer();
    var lineCounter = require_line_counter();
    var parser = require_parser();
    var publicApi = require_public_api();
    var visit = require_visit();
    exports.Composer = composer.Composer;
    exports.Document = Document.Document;
    exports.Schema = Schema.Schema;
    exports.YAMLError = errors.YAMLError;
    exports.YAMLParseError = errors.YAMLParseError;
    exports.YAMLWarning = errors.YAMLWarning;
    exports.Alias = Alias.Alias;
    exports.isAlias = identity.isAlias;
    exports.isCollection = identity.isCollection;
    exports.isDocument = identity.isDocument;
    exports.isMap = identity.isMap;
    exports.isNode = identity.isNode;
    exports.isPair = identity.isPair;
    exports.isScalar = identity.isScalar;
    exports.isSeq = identity.isSeq;
    exports.Pair = Pair.Pair;
    exports.Scalar = Scalar.Scalar;
    exports.YAMLMap = YAMLMap.YAMLMap;
    exports.YAMLSeq = YAMLSeq.YAMLSeq;
    exports.CST = cst;
    exports.Lexer = lexer.Lexer;
    exports.LineCounter = lineCounter.LineCounter;
    exports.Parser = parser.Parser;
    exports.parse = publicApi.parse;
    exports.parseAllDocuments = publicApi.parseAllDocuments;
    exports.parseDocument = publicApi.parseDocument;
    exports.stringify = publicApi.stringify;
    exports.visit = visit.visit;
    exports.visitAsync = visit.visitAsync;
  }
});

// src/cli/main.ts
import { existsSync as existsSync3 } from "node:fs";
import { writeFile as writeFile2 } from "node:fs/promises";
import { parseArgs } from "node:util";

// src/core/config/load-config.ts
var import_ajv = __toESM(require_ajv(), 1);
var import_fastest_levenshtein = __toESM(require_mod(), 1);
var import_yaml = __toESM(require_dist(), 1);
import { readFile } from "node:fs/promises";
import path from "node:path";

// schemas/config.schema.json
var config_schema_default = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "https://github.com/monitor-gate/monitor-gate/schemas/config.schema.json",
  title: "monitor-gate config",
  description: "Configuration of monitor-gate (.github/monitor-gate.yml): where the base and updated activations are, and which activation monitors (ONNX safety probes) to re-evaluate on them. Relative paths resolve against the folder of this file.",
  type: "object",
  additionalProperties: false,
  required: ["version", "activations", "monitors"],
  definitions: {
    updateFamily: {
      title: "Update family",
      description: "quantization (weights quantized), lora (unmerged adapter on a 16-bit or 8-bit base), qlora (adapter on a 4-bit base), lora-merged (adapter merged into the weights), full-finetune (all weights trained), merge (several models merged), none (no model update).",
      type: "string",
      enum: ["quantization", "lora", "qlora", "lora-merged", "full-finetune", "merge", "none"]
    },
    tolerance: {
      title: "Tolerance",
      description: "How much a monitor may degrade on the updated model before it is judged stale. Any key left out is taken from defaults.tolerance (or the built-in defaults).",
      type: "object",
      additionalProperties: false,
      properties: {
        auroc_drop: {
          title: "AUROC drop",
          description: "Stale when base AUROC minus updated AUROC is at least this much (0..1). Built-in default 0.03.",
          type: "number",
          minimum: 0,
          maximum: 1
        },
        tpr_drop: {
          title: "TPR drop",
          description: "Stale when the true-positive rate at the deployed threshold falls by at least this much (0..1). Built-in default 0.10.",
          type: "number",
          minimum: 0,
          maximum: 1
        },
        fpr_rise: {
          title: "FPR rise",
          description: "Stale when the false-positive rate at the deployed threshold rises by at least this much (0..1). Built-in default 0.05.",
          type: "number",
          minimum: 0,
          maximum: 1
        }
      }
    },
    repair: {
      title: "Repair",
      description: "How a stale monitor is repaired without labels (check --repair): the updated model's activations are realigned to the base model's statistics on unlabeled rows, and the map is composed in front of the frozen probe.",
      type: "object",
      additionalProperties: false,
      properties: {
        method: {
          title: "Repair method",
          description: "auto (default): fit each method on half of the unlabeled fitting rows and keep the one whose repaired decisions agree best with the base model's on the other half. Or one method: mean-shift (x - mean_updated + mean_base), standardize (per dimension to the base mean and spread), coral (whitening and recoloring with covariance shrinkage 0.1), procrustes (the rotation that best maps the paired updated rows onto the base rows). A method that cannot be fitted on the data falls back to a simpler one, with a warning.",
          type: "string",
          enum: ["auto", "mean-shift", "standardize", "coral", "procrustes"],
          default: "auto"
        }
      }
    },
    monitor: {
      title: "Monitor",
      description: "One activation monitor: an ONNX probe reading one layer's activations, with its deployed threshold and labeled evaluation rows.",
      type: "object",
      additionalProperties: false,
      required: ["id", "category", "layer", "probe", "threshold", "batch", "labels"],
      properties: {
        id: {
          title: "Monitor id",
          description: "Unique name of the monitor, used in reports and annotations. Letters, digits, '.', '_' and '-' only.",
          type: "string",
          pattern: "^[A-Za-z0-9._-]+$"
        },
        category: {
          title: "Category",
          description: "What the monitor detects.",
          type: "string",
          enum: ["pii", "refusal", "toxicity", "deception", "jailbreak", "other"]
        },
        layer: {
          title: "Layer",
          description: "Index of the model layer whose activations the probe reads (informational; the batch file holds the activations).",
          type: "integer",
          minimum: 0
        },
        probe: {
          title: "Probe",
          description: "Path of the ONNX probe, relative to this config file's folder. It takes a [N, D] float32 input.",
          type: "string",
          minLength: 1
        },
        output: {
          title: "Probe output",
          description: "What the probe's output means: 'probability' ([N] or [N, 1] in 0..1), 'logit' (sigmoid is applied) or 'two-class' ([N, 2] class probabilities; the second column is the positive class).",
          type: "string",
          enum: ["probability", "logit", "two-class"],
          default: "probability"
        },
        threshold: {
          title: "Deployed threshold",
          description: "The operating threshold the monitor is deployed with, on the probability scale (0..1); a row is flagged when its score is above it.",
          type: "number",
          minimum: 0,
          maximum: 1
        },
        batch: {
          title: "Activation batch",
          description: "File name of the activation batch inside both activation folders (safetensors or npy), e.g. 'layer12.safetensors'; 'file#tensor' picks one tensor of a safetensors file. Must stay inside the folders: no absolute paths or '..'.",
          type: "string",
          minLength: 1
        },
        labels: {
          title: "Labels",
          description: "0/1 labels, one per batch row: a file relative to this config file's folder ('labels/pii.npy', or 'labels.safetensors#pii' for one tensor of it), or '#name' for the tensor 'name' inside the monitor's batch file.",
          type: "string",
          minLength: 1
        },
        pooling: {
          title: "Pooling",
          description: "How per-token [N, T, D] batches are pooled to [N, D] over the unmasked tokens: 'mean', 'max' or 'last'. Ignored for [N, D] batches.",
          type: "string",
          enum: ["mean", "max", "last"],
          default: "mean"
        },
        mask: {
          title: "Mask tensor",
          description: "Name of the [N, T] token mask tensor in the batch file, used to pool per-token batches.",
          type: "string",
          minLength: 1,
          default: "mask"
        },
        blocking: {
          title: "Blocking",
          description: "Whether a stale (or failed) verdict for this monitor fails the gate. Non-blocking monitors are reported only.",
          type: "boolean",
          default: true
        },
        tolerance: {
          $ref: "#/definitions/tolerance",
          description: "Per-monitor tolerance; keys given here override defaults.tolerance."
        },
        calibration: {
          title: "Calibration rows",
          description: "Unlabeled rows a repair is fitted on (check --repair): a file name inside both activation folders, like batch ('file#tensor' picks one tensor of a safetensors file), captured from the same inputs through both models. Without it, a repair is fitted on the eval batch and its labels are not read.",
          type: "string",
          minLength: 1
        },
        repair: {
          $ref: "#/definitions/repair",
          description: "This monitor's repair settings; they override the top-level repair."
        }
      }
    }
  },
  patternProperties: {
    "^x-": {
      title: "Extension",
      description: "Keys starting with 'x-' are ignored by monitor-gate: a place for YAML anchors shared by several monitors (e.g. x-common: &common { category: pii, layer: 12 }, then <<: *common in a monitor)."
    }
  },
  properties: {
    $schema: {
      title: "JSON Schema",
      description: "Optional URL or path of this JSON Schema, for editors. Ignored by monitor-gate.",
      type: "string"
    },
    version: {
      title: "Config version",
      description: "Version of the config format. Must be 1.",
      const: 1
    },
    activations: {
      title: "Activations",
      description: "Folders of activation batches captured from the base and the updated model on the same inputs.",
      type: "object",
      additionalProperties: false,
      required: ["base", "updated"],
      properties: {
        base: {
          title: "Base activations",
          description: "Folder of activation batches from the base model, relative to this config file's folder.",
          type: "string",
          minLength: 1
        },
        updated: {
          title: "Updated activations",
          description: "Folder of activation batches from the updated model: same file names, same row order as the base folder.",
          type: "string",
          minLength: 1
        }
      }
    },
    defaults: {
      title: "Defaults",
      description: "Settings that apply to every monitor unless the monitor overrides them.",
      type: "object",
      additionalProperties: false,
      properties: {
        tolerance: {
          $ref: "#/definitions/tolerance",
          description: "Default tolerance for every monitor; keys left out use the built-in defaults (auroc_drop 0.03, tpr_drop 0.10, fpr_rise 0.05)."
        },
        min_class_rows: {
          title: "Minimum rows per class",
          description: "A monitor with fewer labeled positives or negatives than this is judged inconclusive rather than fresh or stale. Built-in default 10.",
          type: "integer",
          minimum: 1,
          default: 10
        }
      }
    },
    monitors: {
      title: "Monitors",
      description: "The activation monitors to re-evaluate on the updated model.",
      type: "array",
      minItems: 1,
      items: { $ref: "#/definitions/monitor" }
    },
    repair: {
      $ref: "#/definitions/repair",
      description: "Repair settings for every monitor (check --repair); a monitor's own repair overrides them."
    },
    update: {
      title: "Declared update event",
      description: "Declares what kind of model update this repository's release carries, instead of detecting it from the changed files (a pull-request label monitor-gate/<family> does the same for one PR). Either a family name (update: qlora) or a mapping with family and sub_kind (update: { family: quantization, sub_kind: gptq }). Families: quantization, lora, qlora, lora-merged, full-finetune, merge, none.",
      if: { type: "string" },
      then: { $ref: "#/definitions/updateFamily" },
      else: {
        type: "object",
        additionalProperties: false,
        required: ["family"],
        properties: {
          family: { $ref: "#/definitions/updateFamily" },
          sub_kind: {
            title: "Sub-kind",
            description: "For quantization: bnb-nf4, bnb-fp4, bnb-int8, gptq, awq, fp8, compressed-tensors, hqq, torchao, gguf or other. For lora and qlora: dora, adalora or another PEFT type in lower case.",
            type: "string",
            pattern: "^[a-z0-9][a-z0-9_-]*$"
          }
        },
        if: { properties: { family: { const: "quantization" }, sub_kind: { type: "string" } }, required: ["family", "sub_kind"] },
        then: {
          properties: {
            sub_kind: { enum: ["bnb-nf4", "bnb-fp4", "bnb-int8", "gptq", "awq", "fp8", "compressed-tensors", "hqq", "torchao", "gguf", "other"] }
          }
        }
      }
    },
    "always-run": {
      title: "Always run",
      description: "Measure the monitors even when the update family is none (detected or declared). By default a change that carries no model update passes with a notice and skips measurement.",
      type: "boolean",
      default: false
    }
  }
};

// src/core/errors.ts
var GateError = class extends Error {
  kind;
  file;
  where;
  help;
  constructor(kind, message, options = {}) {
    super(message);
    this.name = "GateError";
    this.kind = kind;
    this.file = options.file;
    this.where = options.where;
    this.help = options.help;
  }
  /** "file: where: message (help)" on one line. */
  toLine() {
    return formatProblem(this.message, this);
  }
};
function formatProblem(message, options) {
  const place = [options.file, options.where].filter(Boolean).join(": ");
  const help = options.help ? ` (${options.help})` : "";
  return `${place ? place + ": " : ""}${message}${help}`;
}
var usageError = (message, options) => new GateError("usage", message, options);
var configError = (message, options) => new GateError("config", message, options);
var inputError = (message, options) => new GateError("input", message, options);
var probeError = (message, options) => new GateError("probe", message, options);
function describeError(error) {
  if (error instanceof GateError) return error.toLine();
  if (error instanceof Error) return `internal error: ${error.message}`;
  return `internal error: ${String(error)}`;
}

// src/core/config/load-config.ts
var DEFAULT_TOLERANCE = Object.freeze({ auroc_drop: 0.03, tpr_drop: 0.1, fpr_rise: 0.05 });
var DEFAULT_MIN_CLASS_ROWS = 10;
var DEFAULT_OUTPUT = "probability";
var DEFAULT_POOLING = "mean";
var DEFAULT_MASK = "mask";
function formatDiagnostic(d) {
  return `${d.file}:${d.line}:${d.column}: ${d.path ? `${d.path}: ` : ""}${d.message}`;
}
function formatKeyPath(segs) {
  let out = "";
  for (const seg of segs) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}
async function loadConfig(file) {
  const { config, diagnostics } = await validateConfig(file);
  if (!config) throw configError(diagnostics.map(formatDiagnostic).join("\n"));
  return config;
}
async function validateConfig(file) {
  const text2 = await readConfigText(file);
  return validateConfigText(text2, file);
}
async function readConfigText(file) {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const code2 = error.code;
    if (code2 === "ENOENT") {
      throw configError("config file not found", { file, help: "create it, or pass the path of an existing config file" });
    }
    if (code2 === "EISDIR") throw configError("config path is a folder, not a YAML file", { file });
    if (code2 === "EACCES" || code2 === "EPERM") throw configError("cannot read config file: permission denied", { file });
    throw configError(`cannot read config file: ${error instanceof Error ? error.message : String(error)}`, { file });
  }
}
function validateConfigText(source, file) {
  const text2 = source.startsWith("\uFEFF") ? source.slice(1) : source;
  const lineCounter = new import_yaml.LineCounter();
  const docs = (0, import_yaml.parseAllDocuments)(text2, { lineCounter, uniqueKeys: true, prettyErrors: true, merge: true });
  const position = (offset) => {
    const p = lineCounter.linePos(offset);
    return { line: Math.max(1, p.line), column: Math.max(1, p.col) };
  };
  const diag = (pos, segs, message) => ({
    file,
    line: pos.line,
    column: pos.column,
    path: formatKeyPath(segs),
    message
  });
  const fail = (diagnostics2) => ({ diagnostics: sortDiagnostics(diagnostics2) });
  const nonEmpty = docs.filter((d) => d.contents !== null || d.errors.length > 0);
  if (nonEmpty.length === 0) {
    return fail([diag({ line: 1, column: 1 }, [], "config file is empty; expected a mapping with version, activations and monitors")]);
  }
  if (nonEmpty.length > 1) {
    const second = nonEmpty[1];
    const at = second.range ? position(second.range[0]) : { line: 1, column: 1 };
    return fail([diag(at, [], `config must be a single YAML document, found ${nonEmpty.length} (remove the '---' separators)`)]);
  }
  const doc = nonEmpty[0];
  const syntax = [];
  let duplicateKeyErrors = 0;
  for (const error of doc.errors) {
    if (error.code === "DUPLICATE_KEY") {
      duplicateKeyErrors++;
      continue;
    }
    const lp = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
    syntax.push(diag({ line: Math.max(1, lp.line), column: Math.max(1, lp.col) }, pathAtOffset(doc, error.pos[0]), yamlMessage(error.message)));
  }
  if (syntax.length > 0) return fail(syntax);
  const root = doc.contents;
  if (root === null || (0, import_yaml.isScalar)(root) && (root.value === null || root.value === void 0)) {
    return fail([diag({ line: 1, column: 1 }, [], "config file is empty; expected a mapping with version, activations and monitors")]);
  }
  if (!(0, import_yaml.isMap)(root)) {
    const what = (0, import_yaml.isSeq)(root) ? "a list" : "a single value";
    return fail([diag(root.range ? position(root.range[0]) : { line: 1, column: 1 }, [], `the config must be a mapping with version, activations and monitors, found ${what}`)]);
  }
  const problems = findDuplicateKeys(doc, lineCounter);
  if (duplicateKeyErrors > 0 && problems.length === 0) {
    for (const error of doc.errors.filter((e) => e.code === "DUPLICATE_KEY")) {
      const lp = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
      syntax.push(diag({ line: Math.max(1, lp.line), column: Math.max(1, lp.col) }, pathAtOffset(doc, error.pos[0]), yamlMessage(error.message)));
    }
    return fail(syntax);
  }
  let data;
  try {
    data = doc.toJS({ maxAliasCount: 1e3 });
  } catch (error) {
    const alias = findBadAlias(doc);
    const at = alias?.node.range ? position(alias.node.range[0]) : { line: 1, column: 1 };
    const earlier = problems.map((p) => diag(p.pos ?? { line: 1, column: 1 }, p.segs, p.message));
    return fail([...earlier, diag(at, alias?.segs ?? [], `cannot read the YAML: ${error instanceof Error ? error.message : String(error)}`)]);
  }
  const validate = compiledSchema();
  if (!validate(data)) problems.push(...schemaProblems(validate.errors ?? []));
  const obj = data;
  const monitorsRaw = Array.isArray(obj.monitors) ? obj.monitors : void 0;
  if (monitorsRaw) problems.push(...semanticMonitorProblems(monitorsRaw, doc, lineCounter));
  const located = problems.map((p) => ({ problem: p, diagnostic: locate(p) }));
  function locate(p) {
    if (p.pos) return diag(p.pos, p.segs, p.message);
    const { node, keyNode } = nodeAtPath(doc, p.segs);
    const target = p.atKey && keyNode ? keyNode : node;
    return diag(target?.range ? position(target.range[0]) : { line: 1, column: 1 }, p.segs, p.message);
  }
  const diagnostics = dedupe(located.map((l) => l.diagnostic));
  const perMonitor = /* @__PURE__ */ new Map();
  let topLevel = false;
  for (const { problem } of [...located].sort((a, b) => a.diagnostic.line - b.diagnostic.line || a.diagnostic.column - b.diagnostic.column)) {
    const index = monitorsRaw && problem.segs[0] === "monitors" && typeof problem.segs[1] === "number" ? problem.segs[1] : void 0;
    if (index === void 0) {
      topLevel = true;
      continue;
    }
    const list = perMonitor.get(index) ?? [];
    list.push(problem);
    perMonitor.set(index, list);
  }
  if (topLevel || !monitorsRaw) return fail(diagnostics);
  const dir = path.dirname(path.resolve(file));
  const activations = obj.activations;
  const defaultsRaw = obj.defaults ?? {};
  const defaults = {
    tolerance: { ...DEFAULT_TOLERANCE, ...defaultsRaw.tolerance ?? {} },
    min_class_rows: defaultsRaw.min_class_rows ?? DEFAULT_MIN_CLASS_ROWS
  };
  const monitors = [];
  const invalidMonitors = [];
  monitorsRaw.forEach((raw, index) => {
    const { node } = nodeAtPath(doc, ["monitors", index]);
    const at = node?.range ? position(node.range[0]) : { line: 1, column: 1 };
    const own = perMonitor.get(index);
    if (own && own.length > 0) {
      invalidMonitors.push(invalidMonitor(raw, index, at, own));
      return;
    }
    monitors.push(buildMonitor(raw, dir, defaults.tolerance, at, obj.repair?.method));
  });
  const config = {
    path: file,
    dir,
    version: 1,
    activations: { base: path.resolve(dir, activations.base), updated: path.resolve(dir, activations.updated) },
    defaults,
    monitors,
    invalidMonitors
  };
  if (obj.update !== void 0) {
    const raw = obj.update;
    const { node } = nodeAtPath(doc, ["update"]);
    const at = node?.range ? position(node.range[0]) : { line: 1, column: 1 };
    config.update = typeof raw === "string" ? { family: raw, ...at } : { family: raw.family, ...raw.sub_kind ? { sub_kind: raw.sub_kind } : {}, ...at };
  }
  if (typeof obj["always-run"] === "boolean") config.alwaysRun = obj["always-run"];
  if (obj.repair !== void 0) config.repair = { method: obj.repair?.method ?? "auto" };
  return { config, diagnostics };
}
function buildMonitor(raw, dir, tolerance, at, repairDefault) {
  const batch = parseBatchRef(raw.batch);
  const calibration = raw.calibration === void 0 ? void 0 : parseBatchRef(raw.calibration).ref;
  const repairMethod = raw.repair?.method ?? repairDefault;
  const labels = parseLabelsRef(raw.labels, dir);
  if (!batch.ref || !labels.ref) throw new Error(`monitor '${raw.id}' passed validation with a bad batch or labels reference`);
  return {
    id: raw.id,
    category: raw.category,
    layer: raw.layer,
    probe: path.resolve(dir, raw.probe),
    output: raw.output ?? DEFAULT_OUTPUT,
    threshold: raw.threshold,
    batch: batch.ref,
    labels: labels.ref,
    pooling: raw.pooling ?? DEFAULT_POOLING,
    mask: raw.mask ?? DEFAULT_MASK,
    blocking: raw.blocking ?? true,
    tolerance: { ...tolerance, ...raw.tolerance ?? {} },
    ...calibration ? { calibration } : {},
    ...repairMethod || raw.repair ? { repair: { method: repairMethod ?? "auto" } } : {},
    line: at.line,
    column: at.column
  };
}
function invalidMonitor(raw, index, at, problems) {
  const r = raw !== null && typeof raw === "object" && !Array.isArray(raw) ? raw : {};
  const messages = [];
  for (const p of problems) {
    const owner = p.namesKey ? p.atKey ? p.segs.slice(0, -1) : p.segs : p.segs;
    const rel = formatKeyPath(owner.slice(2));
    const m = rel ? `${rel}: ${p.message}` : p.message;
    if (!messages.includes(m)) messages.push(m);
  }
  const out = {
    index,
    blocking: typeof r.blocking === "boolean" ? r.blocking : true,
    line: at.line,
    column: at.column,
    message: messages.join("; ")
  };
  if (typeof r.id === "string" && r.id !== "") out.id = r.id;
  if (typeof r.category === "string") out.category = r.category;
  if (typeof r.layer === "number" && Number.isInteger(r.layer)) out.layer = r.layer;
  return out;
}
function parseBatchRef(value) {
  const hash = value.indexOf("#");
  const file = hash < 0 ? value : value.slice(0, hash);
  const tensor = hash < 0 ? void 0 : value.slice(hash + 1);
  if (file.trim() === "") return { error: `'${value}' has no file name before '#'; write 'file.safetensors#tensor'` };
  if (tensor !== void 0 && tensor === "") return { error: `'${value}' has an empty tensor name after '#'` };
  if (path.posix.isAbsolute(file) || path.win32.isAbsolute(file) || /^[A-Za-z]:/.test(file)) {
    return { error: `'${file}' is an absolute path; batch is a file name inside the activation folders (e.g. 'layer12.safetensors')` };
  }
  const parts = file.split(/[\\/]+/);
  if (parts.includes("..")) {
    return { error: `'${file}' leaves the activation folders ('..' is not allowed); batch is a file name inside both folders` };
  }
  const normalized = path.posix.normalize(parts.join("/"));
  if (normalized === "." || normalized === "" || /[\\/]$/.test(file)) return { error: `'${file}' names a folder, not a batch file` };
  return { ref: tensor === void 0 ? { file: normalized } : { file: normalized, tensor } };
}
function parseLabelsRef(value, dir) {
  if (value.startsWith("#")) {
    const tensor2 = value.slice(1);
    if (tensor2.trim() === "") return { error: "'#' must be followed by the name of a tensor in the batch file, e.g. '#labels'" };
    return { ref: { kind: "batch-tensor", tensor: tensor2 } };
  }
  const hash = value.indexOf("#");
  const file = hash < 0 ? value : value.slice(0, hash);
  const tensor = hash < 0 ? void 0 : value.slice(hash + 1);
  if (file.trim() === "") return { error: `'${value}' has no file name` };
  if (tensor !== void 0 && tensor === "") return { error: `'${value}' has an empty tensor name after '#'` };
  const resolved = path.resolve(dir, file);
  return { ref: tensor === void 0 ? { kind: "file", path: resolved } : { kind: "file", path: resolved, tensor } };
}
function semanticMonitorProblems(monitors, doc, lineCounter) {
  const problems = [];
  const firstById = /* @__PURE__ */ new Map();
  monitors.forEach((raw, index) => {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return;
    const m = raw;
    const at = (key) => ["monitors", index, key];
    if (typeof m.id === "string" && m.id !== "") {
      const first = firstById.get(m.id);
      if (first === void 0) firstById.set(m.id, index);
      else {
        const { node } = nodeAtPath(doc, ["monitors", first, "id"]);
        const line = node?.range ? lineCounter.linePos(node.range[0]).line : void 0;
        problems.push({
          segs: at("id"),
          message: `duplicate monitor id '${m.id}': already used by monitors[${first}]${line ? ` at line ${line}` : ""}`
        });
      }
    }
    if (typeof m.batch === "string" && m.batch !== "") {
      const { error } = parseBatchRef(m.batch);
      if (error) problems.push({ segs: at("batch"), message: error });
    }
    if (typeof m.calibration === "string" && m.calibration !== "") {
      const { error } = parseBatchRef(m.calibration);
      if (error) problems.push({ segs: at("calibration"), message: error.replace("batch is a file name", "calibration is a file name") });
    }
    if (typeof m.labels === "string" && m.labels !== "") {
      const { error } = parseLabelsRef(m.labels, "/");
      if (error) problems.push({ segs: at("labels"), message: error });
    }
    if (typeof m.threshold === "number" && Number.isFinite(m.threshold) && !(m.threshold >= 0 && m.threshold <= 1)) {
      problems.push({ segs: at("threshold"), message: `must be between 0 and 1 (probability scale), got ${m.threshold}` });
    }
  });
  return problems;
}
var validator;
function compiledSchema() {
  if (!validator) {
    const ajv = new import_ajv.Ajv({ allErrors: true, verbose: true, strict: true });
    validator = ajv.compile(config_schema_default);
  }
  return validator;
}
function pointerSegments(pointer) {
  if (!pointer) return [];
  const segs = [];
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    segs.push(segs.length > 0 && segs[segs.length - 1] === "monitors" && /^(0|[1-9][0-9]*)$/.test(key) ? Number(key) : key);
  }
  return segs;
}
var COMBINATORS = /* @__PURE__ */ new Set(["oneOf", "anyOf", "allOf", "if", "then", "else", "not"]);
function schemaProblems(errors) {
  const suggestedAt = /* @__PURE__ */ new Map();
  const typedAt = /* @__PURE__ */ new Set();
  for (const e of errors) {
    if (e.keyword === "additionalProperties") {
      const s = suggest(String(e.params.additionalProperty), allowedKeys(e));
      if (s) {
        const set = suggestedAt.get(e.instancePath) ?? /* @__PURE__ */ new Set();
        set.add(s);
        suggestedAt.set(e.instancePath, set);
      }
    }
    if (e.keyword === "type") typedAt.add(e.instancePath);
  }
  const problems = [];
  for (const e of errors) {
    if (e.keyword === "required" && suggestedAt.get(e.instancePath)?.has(String(e.params.missingProperty))) continue;
    if (e.keyword !== "type" && typedAt.has(e.instancePath) && e.keyword !== "additionalProperties" && e.keyword !== "required") continue;
    if (COMBINATORS.has(e.keyword) && errors.some((o) => o !== e && !COMBINATORS.has(o.keyword) && o.instancePath.startsWith(e.instancePath))) continue;
    problems.push(schemaProblem(e));
  }
  return problems;
}
function allowedKeys(e) {
  const parent = e.parentSchema;
  return Object.keys(parent?.properties ?? {});
}
function suggest(word, candidates) {
  if (candidates.length === 0 || word === "") return void 0;
  const lower = word.toLowerCase();
  const byLower = new Map(candidates.map((c) => [c.toLowerCase(), c]));
  const best = (0, import_fastest_levenshtein.closest)(lower, [...byLower.keys()]);
  const d = (0, import_fastest_levenshtein.distance)(lower, best);
  const limit = Math.max(1, Math.floor(Math.max(lower.length, best.length) / 3));
  return d <= limit ? byLower.get(best) : void 0;
}
function describeValue(value) {
  if (value === null || value === void 0) return "an empty value";
  if (typeof value === "string") return `string '${value.length > 60 ? value.slice(0, 57) + "..." : value}'`;
  if (typeof value === "number") return `number ${value}`;
  if (typeof value === "boolean") return `boolean ${value}`;
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return String(value);
}
var TYPE_NAMES = {
  object: "a mapping",
  array: "a list",
  string: "a string",
  number: "a number",
  integer: "an integer",
  boolean: "true or false",
  null: "an empty value"
};
function quoteList(values) {
  return values.map((v) => typeof v === "string" ? v : JSON.stringify(v)).join(", ");
}
function schemaProblem(e) {
  const segs = pointerSegments(e.instancePath);
  const key = typeof segs[segs.length - 1] === "string" ? String(segs[segs.length - 1]) : "value";
  const value = e.data;
  const params = e.params;
  const parent = e.parentSchema ?? {};
  switch (e.keyword) {
    case "additionalProperties": {
      const prop = String(params.additionalProperty);
      const allowed = allowedKeys(e);
      const s = suggest(prop, allowed);
      const message = s ? `unknown key '${prop}'; did you mean '${s}'?` : `unknown key '${prop}' (allowed: ${allowed.join(", ")})`;
      return { segs: [...segs, prop], message, atKey: true, namesKey: true };
    }
    case "required":
      return { segs, message: `missing required key '${String(params.missingProperty)}'`, namesKey: true };
    case "type": {
      const expected = String(params.type).split(",").map((t) => TYPE_NAMES[t] ?? t).join(" or ");
      if ((params.type === "number" || params.type === "integer") && typeof value === "number" && !Number.isFinite(value)) {
        return { segs, message: `expected a finite number, got ${value}` };
      }
      let hint = "";
      if ((params.type === "number" || params.type === "integer") && typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) {
        hint = " (remove the quotes)";
      } else if (params.type === "boolean" && typeof value === "string" && /^(yes|no|on|off|y|n|true|false)$/i.test(value)) {
        hint = " (write true or false, unquoted)";
      }
      return { segs, message: `expected ${expected}, got ${describeValue(value)}${hint}` };
    }
    case "const": {
      const allowed = params.allowedValue;
      if (key === "version") {
        const shown = typeof value === "number" ? String(value) : describeValue(value);
        return { segs, message: `unsupported config version ${shown}; this monitor-gate reads version ${String(allowed)}` };
      }
      return { segs, message: `must be ${JSON.stringify(allowed)}, got ${describeValue(value)}` };
    }
    case "enum": {
      const allowed = params.allowedValues ?? [];
      const s = typeof value === "string" ? suggest(value, allowed.filter((a) => typeof a === "string")) : void 0;
      const shown = typeof value === "string" ? `'${value}'` : describeValue(value);
      return {
        segs,
        message: `${shown} is not a valid ${key}${s ? `; did you mean '${s}'?` : ""} (allowed: ${quoteList(allowed)})`
      };
    }
    case "pattern": {
      if (key === "id") return { segs, message: `invalid id '${String(value)}': use only letters, digits, '.', '_' and '-'` };
      return { segs, message: `${describeValue(value)} does not match the pattern ${String(params.pattern)}` };
    }
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum": {
      if (typeof parent.minimum === "number" && typeof parent.maximum === "number") {
        const scale = key === "threshold" ? " (probability scale)" : "";
        return { segs, message: `must be between ${parent.minimum} and ${parent.maximum}${scale}, got ${String(value)}` };
      }
      return { segs, message: `must be ${String(params.comparison)} ${String(params.limit)}, got ${String(value)}` };
    }
    case "minLength":
      return { segs, message: params.limit === 1 ? "must not be empty" : `must be at least ${String(params.limit)} characters long` };
    case "minItems":
      if (key === "monitors") return { segs, message: "list at least one monitor" };
      return { segs, message: `must have at least ${String(params.limit)} item(s)` };
    default:
      return { segs, message: e.message ?? `fails the schema rule '${e.keyword}'` };
  }
}
function keyText(key) {
  if ((0, import_yaml.isScalar)(key)) return String(key.value);
  return String(key);
}
function resolveAlias(node, doc) {
  let cur = node;
  for (let guard = 0; guard < 100 && (0, import_yaml.isAlias)(cur); guard++) cur = cur.resolve(doc);
  return cur;
}
function nodeAtPath(doc, segs) {
  let node = doc.contents;
  let keyNode;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    const cur = resolveAlias(node, doc);
    keyNode = void 0;
    if ((0, import_yaml.isMap)(cur)) {
      const pair = [...cur.items].reverse().find((p) => keyText(p.key) === String(seg));
      if (!pair) return { node: node ?? void 0 };
      keyNode = (0, import_yaml.isScalar)(pair.key) || (0, import_yaml.isCollection)(pair.key) ? pair.key : void 0;
      const value = pair.value;
      const empty = !value || !value.range || (0, import_yaml.isScalar)(value) && value.range[0] === value.range[1];
      node = empty ? keyNode ?? node : value;
    } else if ((0, import_yaml.isSeq)(cur) && typeof seg === "number" && seg < cur.items.length) {
      node = cur.items[seg];
    } else {
      return { node: node ?? void 0 };
    }
  }
  return { node: node ?? void 0, keyNode };
}
function pathAtOffset(doc, offset) {
  const segs = [];
  let node = doc.contents;
  const within = (n) => {
    const r = n?.range;
    return !!r && r[0] <= offset && offset < r[2];
  };
  for (let guard = 0; guard < 1e3; guard++) {
    if ((0, import_yaml.isMap)(node)) {
      const pair = node.items.find((p) => within(p.key) || within(p.value));
      if (!pair) break;
      segs.push(keyText(pair.key));
      if (within(pair.key)) break;
      node = pair.value;
    } else if ((0, import_yaml.isSeq)(node)) {
      const i = node.items.findIndex((item) => within(item));
      if (i < 0) break;
      segs.push(i);
      node = node.items[i];
    } else break;
  }
  return segs;
}
function findDuplicateKeys(doc, lineCounter) {
  const problems = [];
  const walk = (node, segs) => {
    if ((0, import_yaml.isMap)(node)) {
      const seen = /* @__PURE__ */ new Map();
      for (const pair of node.items) {
        const k = keyText(pair.key);
        const keyNode = pair.key;
        const first = seen.get(k);
        if (first && k !== "<<") {
          const pos = keyNode.range ? lineCounter.linePos(keyNode.range[0]) : void 0;
          const firstLine3 = first.range ? lineCounter.linePos(first.range[0]).line : void 0;
          problems.push({
            segs: [...segs, k],
            message: `duplicate key '${k}'${firstLine3 ? ` (first set at line ${firstLine3})` : ""}`,
            namesKey: true,
            atKey: true,
            pos: pos ? { line: Math.max(1, pos.line), column: Math.max(1, pos.col) } : void 0
          });
        } else if (!first) seen.set(k, keyNode);
        walk(pair.value, [...segs, k]);
      }
    } else if ((0, import_yaml.isSeq)(node)) {
      node.items.forEach((item, i) => walk(item, [...segs, i]));
    }
  };
  walk(doc.contents, []);
  return problems;
}
function findBadAlias(doc) {
  let found;
  const walk = (node, segs) => {
    if (found) return;
    if ((0, import_yaml.isAlias)(node)) {
      if (node.resolve(doc) === void 0) found = { node, segs };
    } else if ((0, import_yaml.isMap)(node)) {
      for (const pair of node.items) walk(pair.value, [...segs, keyText(pair.key)]);
    } else if ((0, import_yaml.isSeq)(node)) {
      node.items.forEach((item, i) => walk(item, [...segs, i]));
    }
  };
  walk(doc.contents, []);
  return found;
}
function yamlMessage(message) {
  const first = message.replace(/ at line \d+, column \d+:[\s\S]*$/, "").split("\n")[0].trim();
  return `YAML syntax error: ${first}`;
}
function sortDiagnostics(list) {
  return [...list].sort((a, b) => a.line - b.line || a.column - b.column);
}
function dedupe(list) {
  const seen = /* @__PURE__ */ new Set();
  const out = [];
  for (const d of sortDiagnostics(list)) {
    const k = `${d.line}:${d.column}:${d.path}:${d.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(d);
  }
  return out;
}

// src/core/gate.ts
import { existsSync as existsSync2, statSync } from "node:fs";
import path7 from "node:path";

// src/core/activations.ts
import path5 from "node:path";

// src/core/formats/safetensors.ts
import { open } from "node:fs/promises";
import path2 from "node:path";
var DTYPE_ITEMSIZE = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1
};
var SUPPORTED_DTYPES = Object.keys(DTYPE_ITEMSIZE);
function isDType(value) {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(DTYPE_ITEMSIZE, value);
}
function elementCount(shape) {
  let n = 1;
  for (const d of shape) n *= d;
  return Number.isSafeInteger(n) ? n : void 0;
}
var MAX_HEADER_BYTES = 1e8;
async function readSafetensorsHeader(filePath) {
  const file = path2.resolve(filePath);
  const fail = (message, where = "header") => inputError(message, { file, where });
  const handle = await openForRead(file);
  try {
    const { size } = await handle.stat();
    if (size < 8) throw fail(`file is ${size} bytes, too short for a safetensors file (it starts with an 8-byte header length)`);
    const prefix = Buffer.alloc(8);
    await readExactly(handle, prefix, 0, file);
    const headerLength = prefix.readBigUInt64LE(0);
    if (headerLength > BigInt(size - 8)) {
      throw fail(`header length ${headerLength} is larger than the rest of the file (${size - 8} bytes); the file is truncated or not safetensors`);
    }
    const n = Number(headerLength);
    if (n > MAX_HEADER_BYTES) throw fail(`header length ${n} is over the ${MAX_HEADER_BYTES}-byte limit`);
    if (n < 2) throw fail(`header length ${n} is too small for a JSON object`);
    const headerBytes = Buffer.alloc(n);
    await readExactly(handle, headerBytes, 8, file);
    let text2;
    try {
      text2 = new TextDecoder("utf-8", { fatal: true }).decode(headerBytes);
    } catch {
      throw fail("header is not valid UTF-8");
    }
    let header;
    try {
      header = JSON.parse(text2);
    } catch (error) {
      throw fail(`header is not valid JSON (${error.message})`);
    }
    if (header === null || typeof header !== "object" || Array.isArray(header)) throw fail("header JSON must be an object");
    const dataStart = 8 + n;
    const dataSize = size - dataStart;
    const tensors = /* @__PURE__ */ new Map();
    const spans = [];
    for (const [name, entry] of Object.entries(header)) {
      if (name === "__metadata__") {
        checkMetadata(entry, fail);
        continue;
      }
      const where = `tensor '${name}'`;
      if (entry === null || typeof entry !== "object" || Array.isArray(entry)) throw fail("entry must be an object with dtype, shape and data_offsets", where);
      const { dtype, shape, data_offsets: offsets } = entry;
      if (typeof dtype !== "string") throw fail("dtype is missing or not a string", where);
      if (!isDType(dtype)) throw fail(`unsupported dtype '${dtype}' (supported: ${SUPPORTED_DTYPES.join(", ")})`, where);
      if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
        throw fail(`shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`, where);
      }
      if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
        throw fail(`data_offsets must be [begin, end] with non-negative integers, got ${JSON.stringify(offsets)}`, where);
      }
      const [begin, end] = offsets;
      if (end < begin) throw fail(`data_offsets [${begin}, ${end}] end before they begin`, where);
      const count = elementCount(shape);
      const expected = count === void 0 ? void 0 : count * DTYPE_ITEMSIZE[dtype];
      if (expected === void 0 || !Number.isSafeInteger(expected)) throw fail(`shape [${shape.join(", ")}] is too large`, where);
      if (end - begin !== expected) {
        throw fail(`data_offsets [${begin}, ${end}] span ${end - begin} bytes but ${dtype} [${shape.join(", ")}] needs ${expected}`, where);
      }
      if (end > dataSize) {
        throw fail(`data_offsets [${begin}, ${end}] run past the end of the data section (${dataSize} bytes); the file is truncated`, where);
      }
      spans.push({ name, begin, end });
      tensors.set(name, { file, name, dtype, shape: shape.slice(), byteOffset: dataStart + begin, byteLength: end - begin });
    }
    spans.sort((a, b) => a.begin - b.begin || a.end - b.end);
    let previous;
    for (const span of spans) {
      if (span.end === span.begin) continue;
      if (previous && span.begin < previous.end) {
        throw fail(`tensors '${previous.name}' [${previous.begin}, ${previous.end}] and '${span.name}' [${span.begin}, ${span.end}] overlap`);
      }
      previous = span;
    }
    return { path: file, format: "safetensors", tensors };
  } finally {
    await handle.close();
  }
}
function checkMetadata(entry, fail) {
  if (entry === null || typeof entry !== "object" || Array.isArray(entry)) throw fail("__metadata__ must be an object of strings");
  for (const [key, value] of Object.entries(entry)) {
    if (typeof value !== "string") throw fail(`__metadata__ value for '${key}' must be a string, got ${JSON.stringify(value)}`);
  }
}
async function openForRead(file) {
  try {
    const handle = await open(file, "r");
    if ((await handle.stat()).isDirectory()) {
      await handle.close();
      throw inputError("is a folder, expected a tensor file", { file });
    }
    return handle;
  } catch (error) {
    const code2 = error.code;
    if (code2 === "ENOENT") throw inputError("file not found", { file });
    if (code2 === "EACCES" || code2 === "EPERM") throw inputError("file is not readable (permission denied)", { file });
    if (code2 === "EISDIR") throw inputError("is a folder, expected a tensor file", { file });
    throw error;
  }
}
async function readExactly(handle, buffer, position, file) {
  let done = 0;
  while (done < buffer.byteLength) {
    const { bytesRead } = await handle.read(buffer, done, buffer.byteLength - done, position + done);
    if (bytesRead === 0) {
      throw inputError(`file ended after ${position + done} bytes while reading ${buffer.byteLength} bytes at offset ${position}; it is truncated`, { file });
    }
    done += bytesRead;
  }
}

// src/core/formats/tensor-file.ts
import { endianness } from "node:os";
import path4 from "node:path";

// src/core/formats/float16.ts
var f16Table;
function f16DecodeTable() {
  if (f16Table) return f16Table;
  const table2 = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) table2[h] = f16BitsToNumber(h);
  f16Table = table2;
  return table2;
}
function f16BitsToNumber(bits) {
  const sign = bits & 32768 ? -1 : 1;
  const exp = bits >>> 10 & 31;
  const mant = bits & 1023;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 31) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}
function f16ToF32(src, out = new Float32Array(src.length)) {
  if (out.length < src.length) throw new RangeError("f16ToF32: output is shorter than input");
  const table2 = f16DecodeTable();
  const n = src.length;
  for (let i = 0; i < n; i++) out[i] = table2[src[i]];
  return out;
}
function bf16ToF32(src, out = new Float32Array(src.length)) {
  if (out.length < src.length) throw new RangeError("bf16ToF32: output is shorter than input");
  const bits = new Uint32Array(out.buffer, out.byteOffset, src.length);
  const n = src.length;
  for (let i = 0; i < n; i++) bits[i] = src[i] << 16;
  return out;
}
var scratchF32 = new Float32Array(1);
var scratchU32 = new Uint32Array(scratchF32.buffer);

// src/core/formats/npy.ts
import path3 from "node:path";
var MAGIC = [147, 78, 85, 77, 80, 89];
var NPY_KINDS = {
  f8: "F64",
  f4: "F32",
  f2: "F16",
  i8: "I64",
  i4: "I32",
  i2: "I16",
  i1: "I8",
  u1: "U8",
  b1: "BOOL"
};
function npyTensorName(filePath) {
  const base = path3.basename(filePath);
  return base.toLowerCase().endsWith(".npy") ? base.slice(0, -4) : base;
}
async function readNpyHeader(filePath) {
  const file = path3.resolve(filePath);
  const fail = (message, help) => inputError(message, { file, where: "npy header", help });
  const handle = await openForRead(file);
  try {
    const { size } = await handle.stat();
    if (size < 10) throw fail(`file is ${size} bytes, too short for a .npy header`);
    const lead = Buffer.alloc(Math.min(12, size));
    await readExactly(handle, lead, 0, file);
    if (!MAGIC.every((b, i) => lead[i] === b)) throw fail("not a .npy file (missing the \\x93NUMPY magic)");
    const major = lead[6];
    const minor = lead[7];
    if (![1, 2, 3].includes(major) || minor !== 0) throw fail(`unsupported .npy version ${major}.${minor} (supported: 1.0, 2.0, 3.0)`);
    let headerLength;
    let headerStart;
    if (major === 1) {
      headerLength = lead.readUInt16LE(8);
      headerStart = 10;
    } else {
      if (size < 12) throw fail(`file is ${size} bytes, too short for a version ${major}.0 header`);
      headerLength = lead.readUInt32LE(8);
      headerStart = 12;
    }
    if (headerStart + headerLength > size) {
      throw fail(`header length ${headerLength} is larger than the rest of the file (${size - headerStart} bytes); the file is truncated`);
    }
    const headerBytes = Buffer.alloc(headerLength);
    await readExactly(handle, headerBytes, headerStart, file);
    const text2 = headerBytes.toString(major === 3 ? "utf8" : "latin1");
    let dict;
    try {
      dict = parsePythonLiteral(text2);
    } catch (error) {
      throw fail(`header is not a valid Python dict literal: ${error.message}`);
    }
    if (!(dict instanceof Map)) throw fail("header must be a Python dict");
    for (const key of ["descr", "fortran_order", "shape"]) {
      if (!dict.has(key)) throw fail(`header is missing the '${key}' key`);
    }
    const dtype = descrToDType(dict.get("descr"), fail);
    const shapeValue = dict.get("shape");
    if (!Array.isArray(shapeValue) || !shapeValue.every((d) => typeof d === "number" && Number.isSafeInteger(d) && d >= 0)) {
      throw fail(`'shape' must be a tuple of non-negative integers, got ${describe(shapeValue)}`);
    }
    const shape = shapeValue;
    const fortran = dict.get("fortran_order");
    if (typeof fortran !== "boolean") throw fail(`'fortran_order' must be True or False, got ${describe(fortran)}`);
    if (fortran && shape.filter((d) => d > 1).length > 1) {
      throw fail(`Fortran-order (column-major) arrays are not supported (shape (${shape.join(", ")}))`, "save a C-order copy: np.save(path, np.ascontiguousarray(a))");
    }
    const count = elementCount(shape);
    const byteLength = count === void 0 ? NaN : count * DTYPE_ITEMSIZE[dtype];
    if (!Number.isSafeInteger(byteLength)) throw fail(`shape (${shape.join(", ")}) is too large`);
    const byteOffset = headerStart + headerLength;
    if (byteOffset + byteLength > size) {
      throw inputError(
        `data needs ${byteLength} bytes for ${dtype} (${shape.join(", ")}) but the file has ${size - byteOffset} after the header; the file is truncated`,
        { file }
      );
    }
    const name = npyTensorName(file);
    return { path: file, format: "npy", tensors: /* @__PURE__ */ new Map([[name, { file, name, dtype, shape, byteOffset, byteLength }]]) };
  } finally {
    await handle.close();
  }
}
function descrToDType(descr, fail) {
  if (Array.isArray(descr)) throw fail("structured (record) dtypes are not supported; save a plain numeric array");
  if (typeof descr !== "string") throw fail(`'descr' must be a dtype string, got ${describe(descr)}`);
  const order = descr[0];
  const kind = "<>|=".includes(order) ? descr.slice(1) : descr;
  if (kind === "O" || kind.startsWith("O")) throw fail(`object arrays (descr '${descr}') are not supported; save a numeric array`);
  const dtype = NPY_KINDS[kind];
  if (!dtype) {
    throw fail(`unsupported dtype descr '${descr}' (supported: ${Object.keys(NPY_KINDS).join(", ")}, little-endian)`);
  }
  if (order === ">" && DTYPE_ITEMSIZE[dtype] > 1) {
    throw fail(`big-endian data (descr '${descr}') is not supported`, "save little-endian: np.save(path, a.astype(a.dtype.newbyteorder('<')))");
  }
  return dtype;
}
function describe(value) {
  if (value === void 0) return "nothing";
  if (value instanceof Map) return "a dict";
  if (Array.isArray(value)) return `(${value.map(describe).join(", ")})`;
  if (typeof value === "string") return `'${value}'`;
  if (value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  return String(value);
}
function tokenize(text2) {
  const tokens = [];
  let i = 0;
  while (i < text2.length) {
    const c = text2[i];
    if (c === " " || c === "	" || c === "\n" || c === "\r") {
      i++;
    } else if ("{}()[]:,".includes(c)) {
      tokens.push({ kind: "punct", value: c, pos: i });
      i++;
    } else if (c === "'" || c === '"') {
      const start = i;
      let value = "";
      i++;
      for (; ; ) {
        if (i >= text2.length) throw new Error(`unterminated string at offset ${start}`);
        const d = text2[i];
        if (d === c) break;
        if (d === "\\") {
          const e = text2[i + 1];
          const simple = { n: "\n", t: "	", r: "\r", "\\": "\\", "'": "'", '"': '"', "0": "\0" };
          if (e in simple) {
            value += simple[e];
            i += 2;
          } else if (e === "x" || e === "u") {
            const len = e === "x" ? 2 : 4;
            const hex = text2.slice(i + 2, i + 2 + len);
            if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) throw new Error(`bad escape at offset ${i}`);
            value += String.fromCharCode(parseInt(hex, 16));
            i += 2 + len;
          } else {
            throw new Error(`unsupported escape \\${e ?? ""} at offset ${i}`);
          }
        } else {
          value += d;
          i++;
        }
      }
      i++;
      tokens.push({ kind: "string", value, pos: start });
    } else if (/[0-9+-]/.test(c)) {
      const match = /^[+-]?\d+L?/.exec(text2.slice(i));
      if (!match) throw new Error(`unexpected '${c}' at offset ${i}`);
      const digits = match[0].replace(/L$/, "");
      if (/^[.eE]/.test(text2.slice(i + match[0].length))) throw new Error(`only integer numbers are expected, at offset ${i}`);
      tokens.push({ kind: "number", value: Number(digits), pos: i });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text2.slice(i));
      tokens.push({ kind: "name", value: match[0], pos: i });
      i += match[0].length;
    } else {
      throw new Error(`unexpected character '${c}' at offset ${i}`);
    }
  }
  return tokens;
}
function parsePythonLiteral(text2) {
  const tokens = tokenize(text2);
  let k = 0;
  const peek = () => tokens[k];
  const isPunct = (t, v) => t !== void 0 && t.kind === "punct" && t.value === v;
  const expectPunct = (v) => {
    const t = tokens[k];
    if (!isPunct(t, v)) throw new Error(t ? `expected '${v}' at offset ${t.pos}` : `expected '${v}' but the header ended`);
    k++;
  };
  function items(close, item) {
    const values = [];
    let comma = false;
    while (!isPunct(peek(), close)) {
      values.push(item());
      if (isPunct(peek(), ",")) {
        comma = true;
        k++;
      } else if (!isPunct(peek(), close)) {
        const t = peek();
        throw new Error(t ? `expected ',' or '${close}' at offset ${t.pos}` : `expected '${close}' but the header ended`);
      }
    }
    k++;
    return { values, comma };
  }
  function value() {
    const t = tokens[k++];
    if (!t) throw new Error("unexpected end of header");
    switch (t.kind) {
      case "string":
      case "number":
        return t.value;
      case "name":
        if (t.value === "True") return true;
        if (t.value === "False") return false;
        if (t.value === "None") return null;
        throw new Error(`unexpected name '${t.value}' at offset ${t.pos}`);
      case "punct":
        if (t.value === "{") {
          const map = /* @__PURE__ */ new Map();
          items("}", () => {
            const key = value();
            if (typeof key !== "string" && typeof key !== "number") throw new Error(`dict keys must be strings or numbers, at offset ${t.pos}`);
            expectPunct(":");
            map.set(key, value());
          });
          return map;
        }
        if (t.value === "(") {
          const { values, comma } = items(")", value);
          return values.length === 1 && !comma ? values[0] : values;
        }
        if (t.value === "[") return items("]", value).values;
        throw new Error(`unexpected '${t.value}' at offset ${t.pos}`);
    }
  }
  const result = value();
  if (k !== tokens.length) throw new Error(`unexpected text after the literal at offset ${tokens[k].pos}`);
  return result;
}

// src/core/formats/tensor-file.ts
var SUPPORTED_EXTENSIONS = [".safetensors", ".npy"];
async function openTensorFile(filePath) {
  const file = path4.resolve(filePath);
  const ext = path4.extname(file).toLowerCase();
  if (ext === ".safetensors") return readSafetensorsHeader(file);
  if (ext === ".npy") return readNpyHeader(file);
  throw inputError(`unsupported tensor file type '${ext || "(no extension)"}' (supported: ${SUPPORTED_EXTENSIONS.join(", ")})`, { file });
}
function rowGeometry(info) {
  if (info.shape.length === 0) return { rows: 1, rowElements: 1 };
  let rowElements = 1;
  for (let i = 1; i < info.shape.length; i++) rowElements *= info.shape[i];
  return { rows: info.shape[0], rowElements };
}
function checkHostEndianness() {
  if (endianness() !== "LE") throw new Error("monitor-gate reads tensor data on little-endian hosts only");
}
async function readBytes(info, position, byteLength, handle) {
  checkHostEndianness();
  const buffer = new ArrayBuffer(byteLength);
  if (byteLength === 0) return buffer;
  const own = handle ? void 0 : await openForRead(info.file);
  try {
    await readExactly(handle ?? own, new Uint8Array(buffer), position, info.file);
  } finally {
    await own?.close();
  }
  return buffer;
}
async function readRowsFloat32(info, startRow, rowCount, handle) {
  const { rows, rowElements } = rowGeometry(info);
  if (!Number.isSafeInteger(startRow) || !Number.isSafeInteger(rowCount) || startRow < 0 || rowCount < 0 || startRow + rowCount > rows) {
    throw new RangeError(`readRowsFloat32: rows [${startRow}, ${startRow + rowCount}) are outside tensor '${info.name}' with ${rows} rows`);
  }
  const itemSize = DTYPE_ITEMSIZE[info.dtype];
  const rowBytes = rowElements * itemSize;
  const bytes = await readBytes(info, info.byteOffset + startRow * rowBytes, rowCount * rowBytes, handle);
  return bytesToFloat32(info.dtype, bytes);
}
function bytesToFloat32(dtype, bytes) {
  switch (dtype) {
    case "F32":
      return new Float32Array(bytes);
    case "F16":
      return f16ToF32(new Uint16Array(bytes));
    case "BF16":
      return bf16ToF32(new Uint16Array(bytes));
    case "I64": {
      const out = new Float32Array(bytes.byteLength / 8);
      fillFromInt64(bytes, out);
      return out;
    }
    default: {
      const source = typedView(dtype, bytes);
      const out = new Float32Array(source.length);
      out.set(source);
      return out;
    }
  }
}
function bytesToFloat64(dtype, bytes) {
  switch (dtype) {
    case "F64":
      return new Float64Array(bytes);
    case "F16":
    case "BF16":
      return Float64Array.from(bytesToFloat32(dtype, bytes));
    case "I64": {
      const out = new Float64Array(bytes.byteLength / 8);
      fillFromInt64(bytes, out);
      return out;
    }
    default: {
      const source = typedView(dtype, bytes);
      const out = new Float64Array(source.length);
      out.set(source);
      return out;
    }
  }
}
function typedView(dtype, bytes) {
  switch (dtype) {
    case "F64":
      return new Float64Array(bytes);
    case "F32":
      return new Float32Array(bytes);
    case "I32":
      return new Int32Array(bytes);
    case "I16":
      return new Int16Array(bytes);
    case "I8":
      return new Int8Array(bytes);
    case "U8":
    case "BOOL":
      return new Uint8Array(bytes);
  }
}
function fillFromInt64(bytes, out) {
  const lo = new Uint32Array(bytes);
  const hi = new Int32Array(bytes);
  for (let i = 0; i < out.length; i++) out[i] = hi[2 * i + 1] * 4294967296 + lo[2 * i];
}
var SMALL_TENSOR_MAX_ELEMENTS = 16 * 1024 * 1024;
async function readSmallTensor(info, maxElements = SMALL_TENSOR_MAX_ELEMENTS, handle) {
  const count = info.byteLength / DTYPE_ITEMSIZE[info.dtype];
  if (count > maxElements) {
    throw inputError(`tensor '${info.name}' has ${count} elements, more than the ${maxElements} expected here`, { file: info.file });
  }
  return bytesToFloat64(info.dtype, await readBytes(info, info.byteOffset, info.byteLength, handle));
}
function requireTensor(tensorFile, name, role = "tensor") {
  const info = tensorFile.tensors.get(name);
  if (info) return info;
  const names = [...tensorFile.tensors.keys()];
  throw inputError(`no ${role} '${name}' in the file; available tensors: ${names.length ? names.map((n) => `'${n}'`).join(", ") : "(none)"}`, {
    file: tensorFile.path
  });
}

// src/core/types.ts
var POOLINGS = ["mean", "max", "last"];

// src/core/activations.ts
var DEFAULT_ACTIVATIONS_TENSOR = "activations";
var DEFAULT_MASK_TENSOR = "mask";
var CHUNK_BYTES = 16 * 1024 * 1024;
var MAX_LABEL_ROWS = 64 * 1024 * 1024;
var formatShape = (shape) => `[${shape.join(", ")}]`;
function npyTensor(tensorFile, requested) {
  const [info] = tensorFile.tensors.values();
  if (requested !== void 0 && requested !== info.name) {
    throw inputError(`a .npy file holds a single array (named '${info.name}' after the file), so '#${requested}' cannot select a tensor`, {
      file: tensorFile.path,
      help: `drop '#${requested}', or use a .safetensors file for named tensors`
    });
  }
  return info;
}
async function openActivationBatch(dir, ref, pooling, maskTensor = DEFAULT_MASK_TENSOR) {
  if (!POOLINGS.includes(pooling)) throw new TypeError(`openActivationBatch: unknown pooling '${String(pooling)}'`);
  const tensorFile = await openTensorFile(path5.resolve(dir, ref.file));
  const file = tensorFile.path;
  const info = tensorFile.format === "npy" ? npyTensor(tensorFile, ref.tensor) : requireTensor(tensorFile, ref.tensor ?? DEFAULT_ACTIVATIONS_TENSOR, "activations tensor");
  const where = `tensor '${info.name}'`;
  const { shape } = info;
  if (shape.length !== 2 && shape.length !== 3) {
    throw inputError(`activations must be [N, D] (pooled) or [N, T, D] (per token), got ${info.dtype} ${formatShape(shape)}`, { file, where });
  }
  if (info.dtype === "BOOL") throw inputError("activations must be numeric, got BOOL", { file, where });
  const rows = shape[0];
  const width = shape[shape.length - 1];
  const tokens = shape.length === 3 ? shape[1] : void 0;
  if (rows === 0 || width === 0 || tokens === 0) throw inputError(`activations are empty: shape ${formatShape(shape)}`, { file, where });
  let mask;
  if (tokens !== void 0) {
    if (tensorFile.format === "safetensors") {
      mask = tensorFile.tensors.get(maskTensor);
      if (!mask && maskTensor !== DEFAULT_MASK_TENSOR) requireTensor(tensorFile, maskTensor, "mask tensor");
    } else if (maskTensor !== DEFAULT_MASK_TENSOR) {
      throw inputError(`a .npy batch cannot carry mask '${maskTensor}'; use a .safetensors file with activations and mask`, { file });
    }
    if (mask && (mask.shape.length !== 2 || mask.shape[0] !== rows || mask.shape[1] !== tokens)) {
      throw inputError(`mask must be [N, T] = [${rows}, ${tokens}] to match activations ${formatShape(shape)}, got ${formatShape(mask.shape)}`, {
        file,
        where: `tensor '${mask.name}'`
      });
    }
  }
  const defaultRows = Math.max(1, Math.floor(CHUNK_BYTES / ((tokens ?? 1) * width * 4)));
  async function* chunks(rowsPerChunk = defaultRows) {
    if (!Number.isSafeInteger(rowsPerChunk) || rowsPerChunk < 1) throw new RangeError(`chunks: rowsPerChunk must be a positive integer, got ${rowsPerChunk}`);
    const handle = await openForRead(file);
    try {
      for (let start = 0; start < rows; start += rowsPerChunk) {
        const count = Math.min(rowsPerChunk, rows - start);
        const raw = await readRowsFloat32(info, start, count, handle);
        let data;
        if (tokens === void 0) {
          data = raw;
          const bad = firstNonFinite(data);
          if (bad >= 0) throw nonFinite(start + Math.floor(bad / width), bad % width, data[bad]);
        } else {
          const maskRows = mask ? await readRowsFloat32(mask, start, count, handle) : void 0;
          data = poolTokens(raw, maskRows, count, tokens, width, pooling, start);
        }
        yield { start, rows: count, data };
      }
    } finally {
      await handle.close();
    }
  }
  const nonFinite = (row, column, value) => inputError(`row ${row} has a non-finite value (${value} at column ${column})`, {
    file,
    where,
    help: "activations must be finite; check the model export for overflow"
  });
  function poolTokens(raw, maskRows, count, T, D, how, start) {
    const out = new Float32Array(count * D);
    const acc = new Float64Array(D);
    for (let r = 0; r < count; r++) {
      const rowBase = r * T;
      const isReal = (t) => maskRows === void 0 || maskRows[rowBase + t] !== 0;
      const outRow = out.subarray(r * D, (r + 1) * D);
      if (how === "last") {
        let t = T - 1;
        while (t >= 0 && !isReal(t)) t--;
        if (t < 0) throw emptyRow(start + r);
        outRow.set(raw.subarray((rowBase + t) * D, (rowBase + t + 1) * D));
        const bad = firstNonFinite(outRow);
        if (bad >= 0) throw nonFinite(start + r, bad, outRow[bad]);
        continue;
      }
      let used = 0;
      if (how === "mean") acc.fill(0);
      else acc.fill(-Infinity);
      for (let t = 0; t < T; t++) {
        if (!isReal(t)) continue;
        used++;
        const base = (rowBase + t) * D;
        if (how === "mean") {
          for (let d = 0; d < D; d++) acc[d] += raw[base + d];
        } else {
          for (let d = 0; d < D; d++) {
            const v = raw[base + d];
            if (!(v - v === 0)) throw nonFinite(start + r, d, v);
            if (v > acc[d]) acc[d] = v;
          }
        }
      }
      if (used === 0) throw emptyRow(start + r);
      const scale = how === "mean" ? 1 / used : 1;
      for (let d = 0; d < D; d++) {
        const v = how === "mean" ? acc[d] * scale : acc[d];
        if (!(v - v === 0)) throw nonFinite(start + r, d, v);
        outRow[d] = v;
      }
    }
    return out;
  }
  const emptyRow = (row) => inputError(`row ${row} has no real tokens in mask '${mask?.name ?? maskTensor}' (all zero), so there is nothing to pool`, { file, where });
  return { file, tensor: info.name, rows, width, tokens, chunks };
}
function firstNonFinite(data) {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!(v - v === 0)) return i;
  }
  return -1;
}
async function readLabels(ref, batchFile) {
  let info;
  if (ref.kind === "file") {
    const tensorFile = await openTensorFile(ref.path);
    if (tensorFile.format === "npy") info = npyTensor(tensorFile, ref.tensor);
    else if (ref.tensor !== void 0) info = requireTensor(tensorFile, ref.tensor, "labels tensor");
    else if (tensorFile.tensors.size === 1) info = [...tensorFile.tensors.values()][0];
    else info = requireTensor(tensorFile, "labels", "labels tensor");
  } else {
    const tensorFile = await openTensorFile(batchFile);
    if (tensorFile.format === "npy") {
      throw inputError(`a .npy batch holds only the activations, so labels '#${ref.tensor}' cannot come from it`, {
        file: tensorFile.path,
        help: "point labels at their own .npy or .safetensors file"
      });
    }
    info = requireTensor(tensorFile, ref.tensor, "labels tensor");
  }
  const file = info.file;
  const where = `tensor '${info.name}'`;
  const { shape } = info;
  if (!(shape.length === 1 || shape.length === 2 && shape[1] === 1)) {
    throw inputError(`labels must have shape [N] or [N, 1], got ${formatShape(shape)}`, { file, where });
  }
  const values = await readSmallTensor(info, MAX_LABEL_ROWS);
  const labels = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === 1) labels[i] = 1;
    else if (v !== 0) {
      throw inputError(`label at index ${i} is ${v}; labels must be exactly 0 or 1`, { file, where, help: "1 marks the positive class" });
    }
  }
  return labels;
}
function checkPairedBatches(base, updated) {
  if (base.rows === updated.rows && base.width === updated.width) return;
  const describe3 = (b) => `'${b.tensor}' has ${b.tokens === void 0 ? "[N, D]" : "[N, T, D]"} = ${formatShape(b.tokens === void 0 ? [b.rows, b.width] : [b.rows, b.tokens, b.width])}`;
  const what = base.rows !== updated.rows ? `row counts differ (N ${base.rows} vs ${updated.rows})` : `widths differ (D ${base.width} vs ${updated.width})`;
  throw inputError(`base and updated batches must pair row for row: ${what}; base ${describe3(base)}, updated ${describe3(updated)}`, {
    file: updated.file
  });
}

// src/core/metrics/auroc.ts
function checkScores(scores, labels, what = "scores") {
  if (labels && scores.length !== labels.length) {
    throw new Error(`${what} has ${scores.length} rows but labels have ${labels.length}`);
  }
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i])) throw new Error(`${what} contains NaN at row ${i}`);
  }
  if (labels) {
    for (let i = 0; i < labels.length; i++) {
      if (labels[i] > 1) throw new Error(`labels must be 0 or 1; row ${i} is ${labels[i]}`);
    }
  }
}
function classCounts(labels) {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i];
  return { positives, negatives: labels.length - positives };
}
function sortedCopy(values) {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] + 0;
  return out.sort();
}
function sortedByClass(scores, labels) {
  checkScores(scores, labels);
  const { positives, negatives } = classCounts(labels);
  if (positives === 0 || negatives === 0) {
    throw new Error(`metrics need both classes; found ${positives} positives and ${negatives} negatives`);
  }
  const pos = new Float64Array(positives);
  const neg = new Float64Array(negatives);
  let p = 0;
  let n = 0;
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i] + 0;
    if (labels[i] === 1) pos[p++] = v;
    else neg[n++] = v;
  }
  pos.sort();
  neg.sort();
  return { pos, neg };
}
function countBelow(sorted, x) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = lo + hi >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
function countAtOrBelow(sorted, x) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = lo + hi >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
function aurocFromSorted({ pos, neg }) {
  const m = pos.length;
  const n = neg.length;
  let u = 0;
  let j = 0;
  let i = 0;
  while (i < m) {
    const v = pos[i];
    let iEnd = i + 1;
    while (iEnd < m && pos[iEnd] === v) iEnd++;
    while (j < n && neg[j] < v) j++;
    let jEnd = j;
    while (jEnd < n && neg[jEnd] === v) jEnd++;
    u += (iEnd - i) * (j + 0.5 * (jEnd - j));
    i = iEnd;
  }
  return u / (m * n);
}

// src/core/metrics/operating-point.ts
function checkThreshold(threshold) {
  if (Number.isNaN(threshold)) throw new RangeError("threshold must be a number, got NaN");
}
function ratesFromSorted({ pos, neg }, threshold) {
  checkThreshold(threshold);
  return {
    tpr: (pos.length - countAtOrBelow(pos, threshold)) / pos.length,
    fpr: (neg.length - countAtOrBelow(neg, threshold)) / neg.length
  };
}
function recallAtFprFromSorted({ pos, neg }, maxFpr) {
  const m = pos.length;
  const n = neg.length;
  let i = m - 1;
  let j = n - 1;
  let best = 0;
  while (i >= 0 || j >= 0) {
    const v = i < 0 ? neg[j] : j < 0 ? pos[i] : Math.max(pos[i], neg[j]);
    while (i >= 0 && pos[i] === v) i--;
    while (j >= 0 && neg[j] === v) j--;
    if ((n - 1 - j) / n > maxFpr) break;
    best = (m - 1 - i) / m;
  }
  return best;
}
function operatingMetrics(scores, labels, threshold) {
  checkThreshold(threshold);
  const sorted = sortedByClass(scores, labels);
  const { tpr, fpr } = ratesFromSorted(sorted, threshold);
  return {
    auroc: aurocFromSorted(sorted),
    tpr,
    fpr,
    recall_at_1fpr: recallAtFprFromSorted(sorted, 0.01),
    recall_at_5fpr: recallAtFprFromSorted(sorted, 0.05)
  };
}

// src/core/metrics/delong.ts
var Z_95 = 1.959963984540054;
function structuralComponents(scores, labels, m, n) {
  const x = new Float64Array(m);
  const y = new Float64Array(n);
  let p = 0;
  let q = 0;
  for (let r = 0; r < labels.length; r++) {
    const v = scores[r] + 0;
    if (labels[r] === 1) x[p++] = v;
    else y[q++] = v;
  }
  const xs = x.slice().sort();
  const ys = y.slice().sort();
  const v10Sorted = new Float64Array(m);
  const v01Sorted = new Float64Array(n);
  let sumTzPos = 0;
  let i = 0;
  let j = 0;
  while (i < m || j < n) {
    const v = i >= m ? ys[j] : j >= n ? xs[i] : Math.min(xs[i], ys[j]);
    let iEnd = i;
    while (iEnd < m && xs[iEnd] === v) iEnd++;
    let jEnd = j;
    while (jEnd < n && ys[jEnd] === v) jEnd++;
    const tz = (i + j + iEnd + jEnd + 1) / 2;
    if (iEnd > i) {
      const tx = (i + iEnd + 1) / 2;
      v10Sorted.fill((tz - tx) / n, i, iEnd);
      sumTzPos += (iEnd - i) * tz;
    }
    if (jEnd > j) {
      const ty = (j + jEnd + 1) / 2;
      v01Sorted.fill(1 - (tz - ty) / m, j, jEnd);
    }
    i = iEnd;
    j = jEnd;
  }
  const v10 = new Float64Array(m);
  const v01 = new Float64Array(n);
  for (let k = 0; k < m; k++) v10[k] = v10Sorted[countBelow(xs, x[k])];
  for (let k = 0; k < n; k++) v01[k] = v01Sorted[countBelow(ys, y[k])];
  return { auroc: (sumTzPos - m * (m + 1) / 2) / (m * n), v10, v01 };
}
function varianceOfDifference(a, b) {
  const k = a.length;
  if (k < 2) return 0;
  let mean = 0;
  for (let i = 0; i < k; i++) mean += a[i] - b[i];
  mean /= k;
  let ss = 0;
  for (let i = 0; i < k; i++) {
    const d = a[i] - b[i] - mean;
    ss += d * d;
  }
  return ss / (k - 1);
}
function erfc(x) {
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const tau = t * Math.exp(
    -x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
  );
  return x >= 0 ? tau : 2 - tau;
}
function twoSidedNormalP(z2) {
  if (z2 === 0) return 1;
  return Math.min(1, Math.max(0, erfc(Math.abs(z2) / Math.SQRT2)));
}
function delongPairedTest(scoresBase, scoresUpdated, labels) {
  if (scoresBase.length !== scoresUpdated.length) {
    throw new Error(`base scores have ${scoresBase.length} rows but updated scores have ${scoresUpdated.length}`);
  }
  checkScores(scoresBase, labels, "base scores");
  checkScores(scoresUpdated, labels, "updated scores");
  const { positives: m, negatives: n } = classCounts(labels);
  if (m === 0 || n === 0) {
    throw new Error(`the DeLong test needs both classes; found ${m} positives and ${n} negatives`);
  }
  const base = structuralComponents(scoresBase, labels, m, n);
  const updated = structuralComponents(scoresUpdated, labels, m, n);
  const diff = updated.auroc - base.auroc;
  const variance = varianceOfDifference(updated.v10, base.v10) / m + varianceOfDifference(updated.v01, base.v01) / n;
  const se = variance > 0 ? Math.sqrt(variance) : 0;
  if (se === 0) {
    return {
      diff,
      se: 0,
      z: 0,
      p_value: diff === 0 ? 1 : 0,
      ci95: [diff, diff],
      auroc_base: base.auroc,
      auroc_updated: updated.auroc
    };
  }
  const z2 = diff / se;
  return {
    diff,
    se,
    z: z2,
    p_value: twoSidedNormalP(z2),
    ci95: [diff - Z_95 * se, diff + Z_95 * se],
    auroc_base: base.auroc,
    auroc_updated: updated.auroc
  };
}

// node_modules/simple-statistics/dist/simple-statistics.mjs
function quantileSorted(x, p) {
  var idx = (x.length - 1) * p;
  if (x.length === 0) {
    throw new Error("quantile requires at least one data point.");
  } else if (p < 0 || p > 1) {
    throw new Error("quantiles must be between 0 and 1");
  } else if (p === 1) {
    return x[x.length - 1];
  } else if (p === 0) {
    return x[0];
  } else if (idx % 1 !== 0) {
    var lower = Math.floor(idx);
    var upper = Math.ceil(idx);
    var fraction = idx - lower;
    return x[lower] + fraction * (x[upper] - x[lower]);
  } else {
    return x[idx];
  }
}
var BayesianClassifier = function BayesianClassifier2() {
  this.totalCount = 0;
  this.data = {};
};
BayesianClassifier.prototype.train = function train(item, category) {
  if (!this.data[category]) {
    this.data[category] = {};
  }
  for (var k in item) {
    var v = item[k];
    if (this.data[category][k] === void 0) {
      this.data[category][k] = {};
    }
    if (this.data[category][k][v] === void 0) {
      this.data[category][k][v] = 0;
    }
    this.data[category][k][v]++;
  }
  this.totalCount++;
};
BayesianClassifier.prototype.score = function score(item) {
  var odds = {};
  var category;
  for (var k in item) {
    var v = item[k];
    for (category in this.data) {
      if (odds[category] === void 0) {
        odds[category] = {};
      }
      if (this.data[category][k]) {
        odds[category][k + "_" + v] = (this.data[category][k][v] || 0) / this.totalCount;
      } else {
        odds[category][k + "_" + v] = 0;
      }
    }
  }
  var oddsSums = {};
  for (category in odds) {
    oddsSums[category] = 0;
    for (var combination in odds[category]) {
      oddsSums[category] += odds[category][combination];
    }
  }
  return oddsSums;
};
var g = 607 / 128;
var LOGSQRT2PI = Math.log(Math.sqrt(2 * Math.PI));
var SQRT_2PI$1 = Math.sqrt(2 * Math.PI);
function cumulativeDistribution(z2) {
  var sum = z2;
  var tmp = z2;
  for (var i = 1; i < 30; i++) {
    tmp *= z2 * z2 / (2 * i + 1);
    sum += tmp;
  }
  return Math.round((0.5 + sum / SQRT_2PI$1 * Math.exp(-z2 * z2 / 2)) * 1e4) / 1e4;
}
var standardNormalTable = [];
for (z = 0; z <= 3.09; z += 0.01) {
  standardNormalTable.push(cumulativeDistribution(z));
}
var z;
var SQRT_2PI = Math.sqrt(2 * Math.PI);
var PerceptronModel = function PerceptronModel2() {
  this.weights = [];
  this.bias = 0;
};
PerceptronModel.prototype.predict = function predict(features) {
  if (features.length !== this.weights.length) {
    return null;
  }
  var score2 = 0;
  for (var i = 0; i < this.weights.length; i++) {
    score2 += this.weights[i] * features[i];
  }
  score2 += this.bias;
  if (score2 > 0) {
    return 1;
  } else {
    return 0;
  }
};
PerceptronModel.prototype.train = function train2(features, label) {
  if (label !== 0 && label !== 1) {
    return null;
  }
  if (features.length !== this.weights.length) {
    this.weights = features.slice();
    this.bias = 1;
  }
  var prediction = this.predict(features);
  if (typeof prediction === "number" && prediction !== label) {
    var gradient = label - prediction;
    for (var i = 0; i < this.weights.length; i++) {
      this.weights[i] += gradient * features[i];
    }
    this.bias += gradient;
  }
  return this;
};

// src/core/metrics/shift.ts
function ksFromSorted(sa, sb) {
  const na = sa.length;
  const nb = sb.length;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < na && j < nb) {
    const v = sa[i] <= sb[j] ? sa[i] : sb[j];
    while (i < na && sa[i] === v) i++;
    while (j < nb && sb[j] === v) j++;
    const gap = Math.abs(i / na - j / nb);
    if (gap > d) d = gap;
  }
  return d;
}
var PSI_EPSILON = 1e-4;
function psiFromSorted(sortedBase, sortedUpdated, bins) {
  const edges = [];
  for (let k = 1; k < bins; k++) {
    const edge = quantileSorted(sortedBase, k / bins);
    if (edges.length === 0 || edge > edges[edges.length - 1]) edges.push(edge);
  }
  let psi = 0;
  let prevBase = 0;
  let prevUpdated = 0;
  for (let k = 0; k <= edges.length; k++) {
    const endBase = k < edges.length ? countAtOrBelow(sortedBase, edges[k]) : sortedBase.length;
    const endUpdated = k < edges.length ? countAtOrBelow(sortedUpdated, edges[k]) : sortedUpdated.length;
    const b = Math.max((endBase - prevBase) / sortedBase.length, PSI_EPSILON);
    const u = Math.max((endUpdated - prevUpdated) / sortedUpdated.length, PSI_EPSILON);
    psi += (u - b) * Math.log(u / b);
    prevBase = endBase;
    prevUpdated = endUpdated;
  }
  return psi;
}
function flipRate(base, updated, threshold) {
  if (base.length !== updated.length) {
    throw new Error(`base scores have ${base.length} rows but updated scores have ${updated.length}`);
  }
  if (base.length === 0) throw new Error("flip rate needs at least one row");
  if (Number.isNaN(threshold)) throw new RangeError("threshold must be a number, got NaN");
  checkScores(base, void 0, "base scores");
  checkScores(updated, void 0, "updated scores");
  let flips = 0;
  for (let i = 0; i < base.length; i++) {
    if (base[i] > threshold !== updated[i] > threshold) flips++;
  }
  return flips / base.length;
}
function shiftMetrics(base, updated, threshold) {
  const flip_rate = flipRate(base, updated, threshold);
  const sortedBase = sortedCopy(base);
  const sortedUpdated = sortedCopy(updated);
  return {
    ks: ksFromSorted(sortedBase, sortedUpdated),
    psi: psiFromSorted(sortedBase, sortedUpdated, 10),
    flip_rate
  };
}

// src/core/scoring/probe.ts
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path6 from "node:path";
import * as ort from "onnxruntime-node";
var cudaAvailability;
function cudaProviderInstalled() {
  if (cudaAvailability !== void 0) return cudaAvailability;
  try {
    const require2 = createRequire(import.meta.url);
    const pkgDir = path6.dirname(require2.resolve("onnxruntime-node/package.json"));
    const binDir = path6.join(pkgDir, "bin", "napi-v6", process.platform, process.arch);
    cudaAvailability = existsSync(path6.join(binDir, "libonnxruntime_providers_cuda.so"));
  } catch {
    cudaAvailability = false;
  }
  return cudaAvailability;
}
function describeShape(shape) {
  return `[${shape.map((d) => typeof d === "number" ? String(d) : d || "?").join(", ")}]`;
}
async function loadProbe(file, output, options = {}) {
  if (!existsSync(file)) throw probeError("probe file not found", { file });
  const wantCuda = options.provider === "cuda" || options.provider === "auto" && cudaProviderInstalled();
  let session;
  let provider = "cpu";
  try {
    if (wantCuda) {
      try {
        session = await ort.InferenceSession.create(file, { executionProviders: ["cuda", "cpu"] });
        provider = "cuda";
      } catch (error) {
        options.logger?.warning(`${file}: CUDA execution provider unavailable, using CPU (${firstLine(error)})`);
        session = await ort.InferenceSession.create(file, { executionProviders: ["cpu"] });
      }
    } else {
      session = await ort.InferenceSession.create(file, { executionProviders: ["cpu"] });
    }
  } catch (error) {
    throw probeError(`not a loadable ONNX model: ${firstLine(error)}`, { file });
  }
  const inputs = session.inputMetadata;
  const tensorInputs = inputs.filter((m) => m.isTensor);
  if (inputs.length !== 1 || tensorInputs.length !== 1) {
    throw probeError(`probe must have exactly one tensor input [batch, D], found ${inputs.length} inputs (${session.inputNames.join(", ")})`, { file });
  }
  const input = tensorInputs[0];
  if (input.type !== "float32") {
    throw probeError(`probe input '${input.name}' is ${input.type}; monitor-gate feeds float32 [batch, D]`, {
      file,
      help: "re-export the probe with a float32 input"
    });
  }
  if (input.shape.length !== 2) {
    throw probeError(`probe input '${input.name}' has shape ${describeShape(input.shape)}; expected [batch, D]`, { file });
  }
  const declaredWidth = input.shape[1];
  const outputs = session.outputMetadata;
  const outputMeta = outputs.find(
    (m) => m.isTensor && (m.type === "float32" || m.type === "float64")
  );
  if (!outputMeta) {
    const nonTensor = outputs.find((m) => !m.isTensor);
    if (nonTensor) {
      throw probeError(`probe output '${nonTensor.name}' is a sequence of maps, not a tensor (scikit-learn ZipMap export)`, {
        file,
        help: "re-export with skl2onnx options={id(model): {'zipmap': False}}"
      });
    }
    throw probeError(`probe has no float tensor output (outputs: ${session.outputNames.join(", ") || "none"})`, { file });
  }
  const outShape = outputMeta.shape;
  const lastDim = outShape.length === 2 ? outShape[1] : void 0;
  if (output === "two-class") {
    if (outShape.length !== 2 || typeof lastDim === "number" && lastDim !== 2) {
      throw probeError(`output 'two-class' expects [batch, 2] probabilities, probe output '${outputMeta.name}' is ${describeShape(outShape)}`, { file });
    }
  } else if (outShape.length > 2 || outShape.length === 2 && typeof lastDim === "number" && lastDim !== 1) {
    const hint = lastDim === 2 ? "; set output: two-class for [batch, 2] class probabilities" : "";
    throw probeError(`output '${output}' expects [batch] or [batch, 1], probe output '${outputMeta.name}' is ${describeShape(outShape)}${hint}`, { file });
  }
  return {
    file,
    output,
    inputName: input.name,
    outputName: outputMeta.name,
    width: typeof declaredWidth === "number" && declaredWidth > 0 ? declaredWidth : void 0,
    provider,
    session
  };
}
var sigmoid = (x) => x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
async function scoreBatch(probe, batch, rowsPerChunk) {
  if (probe.width !== void 0 && probe.width !== batch.width) {
    throw probeError(`probe expects width D=${probe.width} but '${batch.tensor}' in ${path6.basename(batch.file)} has D=${batch.width}`, {
      file: probe.file
    });
  }
  const scores = new Float64Array(batch.rows);
  for await (const chunk of batch.chunks(rowsPerChunk)) {
    const input = new ort.Tensor("float32", chunk.data, [chunk.rows, batch.width]);
    let result;
    try {
      result = await probe.session.run({ [probe.inputName]: input }, [probe.outputName]);
    } catch (error) {
      throw probeError(`inference failed on rows ${chunk.start}-${chunk.start + chunk.rows - 1}: ${firstLine(error)}`, { file: probe.file });
    }
    const out = result[probe.outputName];
    const values = out.data;
    const perRow = probe.output === "two-class" ? 2 : 1;
    if (!(values instanceof Float32Array || values instanceof Float64Array) || values.length !== chunk.rows * perRow) {
      throw probeError(`probe returned ${out.type} ${describeShape(out.dims)} for ${chunk.rows} rows; expected ${perRow === 2 ? "[batch, 2]" : "[batch] or [batch, 1]"} floats`, {
        file: probe.file
      });
    }
    for (let i = 0; i < chunk.rows; i++) {
      const raw = perRow === 2 ? values[i * 2 + 1] : values[i];
      const score2 = probe.output === "logit" ? sigmoid(raw) : raw;
      if (!Number.isFinite(score2)) {
        throw probeError(`probe produced a non-finite score (${raw}) for row ${chunk.start + i}`, { file: probe.file });
      }
      if (probe.output !== "logit" && (score2 < 0 || score2 > 1)) {
        throw probeError(`output is declared '${probe.output}' but the probe produced ${raw} for row ${chunk.start + i}, outside [0, 1]`, {
          file: probe.file,
          help: "set output: logit if the probe returns raw logits"
        });
      }
      scores[chunk.start + i] = score2;
    }
    out.dispose?.();
  }
  return scores;
}
async function releaseProbe(probe) {
  await probe.session.release();
}
function firstLine(error) {
  const text2 = error instanceof Error ? error.message : String(error);
  return text2.split("\n")[0].trim();
}

// src/core/shard.ts
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
var MAX_SHARDS = 256;
function parseShard(text2) {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text2);
  const expected = `'i/n' with 1 <= i <= n <= ${MAX_SHARDS}, e.g. '2/4'`;
  if (!m) throw usageError(`shard must look like ${expected}, got '${text2}'`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS || index < 1 || index > count) {
    throw usageError(`shard must be ${expected}, got '${text2}'`);
  }
  return { index, count };
}
var formatShard = (shard) => `${shard.index}/${shard.count}`;
function shardOfEntry(entryIndex, count) {
  return entryIndex % count + 1;
}
function selectShard(config, shard) {
  const invalid = new Set(config.invalidMonitors.map((m) => m.index));
  const total = config.monitors.length + config.invalidMonitors.length;
  const validIndices = [];
  for (let k = 0; k < total; k++) if (!invalid.has(k)) validIndices.push(k);
  const mine = (entryIndex) => shardOfEntry(entryIndex, shard.count) === shard.index;
  return {
    monitors: config.monitors.filter((_, i) => mine(validIndices[i])),
    invalidMonitors: config.invalidMonitors.filter((m) => mine(m.index))
  };
}
function fileFingerprint(file) {
  try {
    return `sha256:${createHash("sha256").update(readFileSync(file)).digest("hex")}`;
  } catch {
    return void 0;
  }
}

// src/core/verdict.ts
var EPSILON = 1e-9;
var fmt = (x) => Math.abs(x) >= 1e-3 || x === 0 ? x.toFixed(3) : x.toExponential(1);
function judgeStaleness(base, updated, tolerance) {
  const reasons = [];
  const aurocDrop = base.auroc - updated.auroc;
  const tprDrop = base.tpr - updated.tpr;
  const fprRise = updated.fpr - base.fpr;
  if (aurocDrop >= tolerance.auroc_drop - EPSILON) {
    reasons.push(`AUROC dropped ${fmt(aurocDrop)} (${fmt(base.auroc)} -> ${fmt(updated.auroc)}; tolerance ${tolerance.auroc_drop})`);
  }
  if (tprDrop >= tolerance.tpr_drop - EPSILON) {
    reasons.push(`TPR at the deployed threshold dropped ${fmt(tprDrop)} (${fmt(base.tpr)} -> ${fmt(updated.tpr)}; tolerance ${tolerance.tpr_drop})`);
  }
  if (fprRise >= tolerance.fpr_rise - EPSILON) {
    reasons.push(`FPR at the deployed threshold rose ${fmt(fprRise)} (${fmt(base.fpr)} -> ${fmt(updated.fpr)}; tolerance ${tolerance.fpr_rise})`);
  }
  return { verdict: reasons.length > 0 ? "stale" : "fresh", reasons };
}
function blocksGate(result) {
  return result.blocking && (result.verdict === "stale" || result.verdict === "error");
}
function decideGate(results) {
  const blockingFailures = results.filter(blocksGate).map((r) => r.id);
  return { verdict: blockingFailures.length > 0 ? "fail" : "pass", blockingFailures };
}
function exitCodeFor(report) {
  if (report.monitors.some((m) => m.blocking && m.verdict === "error")) return 2;
  return report.verdict === "pass" ? 0 : 1;
}

// package.json
var package_default = {
  name: "monitor-gate",
  version: "0.1.0",
  description: "Stops stale activation monitors (safety probes) from shipping with a model update: a GitHub Action and CLI.",
  license: "MIT",
  type: "module",
  bin: {
    "monitor-gate": "dist/cli.js"
  },
  engines: {
    node: ">=20"
  },
  scripts: {
    build: "node scripts/build.mjs",
    typecheck: "tsc --noEmit",
    test: "tsc --noEmit && node --import tsx --test --test-concurrency=2 test/*.test.ts",
    demo: "node scripts/demo.mjs",
    bench: "node --import tsx bench/run.ts",
    examples: "node --import tsx scripts/make-demo-example.ts && node --import tsx scripts/make-realbench-example.ts"
  },
  dependencies: {
    "@actions/core": "3.0.1",
    "@actions/github": "9.1.1",
    "@octokit/plugin-retry": "8.1.1",
    "@octokit/plugin-throttling": "11.0.5",
    ajv: "8.20.0",
    "fastest-levenshtein": "1.0.16",
    "onnx-proto": "8.0.1",
    "onnxruntime-node": "1.30.0",
    "simple-statistics": "7.12.1",
    yaml: "2.9.1"
  },
  devDependencies: {
    "@octokit/openapi": "23.0.2",
    "@octokit/webhooks-examples": "7.6.1",
    "@types/node": "20.19.43",
    esbuild: "0.28.2",
    tsx: "4.23.15",
    typescript: "5.9.3"
  }
};

// src/core/version.ts
var TOOL_VERSION = package_default.version;

// src/core/gate.ts
var silentLogger = { info() {
}, warning() {
}, error() {
}, debug() {
} };
function displayPath(p) {
  const abs = path7.resolve(p);
  const rel = path7.relative(process.cwd(), abs) || ".";
  if (rel.startsWith("..") || path7.isAbsolute(rel)) return abs;
  return rel.split(path7.sep).join("/");
}
function requireFolder(dir, role) {
  if (!existsSync2(dir)) throw inputError(`${role} activation folder not found`, { file: displayPath(dir) });
  if (!statSync(dir).isDirectory()) throw inputError(`${role} activations must be a folder of batch files`, { file: displayPath(dir) });
}
async function runGate(config, options = {}) {
  const logger = options.logger ?? silentLogger;
  const baseDir = path7.resolve(options.baseDir ?? config.activations.base);
  const updatedDir = path7.resolve(options.updatedDir ?? config.activations.updated);
  const { monitors, invalidMonitors } = options.shard ? selectShard(config, options.shard) : config;
  const skipped = options.event?.family === "none" && !config.alwaysRun ? "no model update detected in the changed files; measurement skipped (set always-run: true to measure anyway)" : void 0;
  if (skipped) logger.info(skipped);
  let folderProblem;
  if (!skipped) {
    try {
      requireFolder(baseDir, "base");
      requireFolder(updatedDir, "updated");
    } catch (error) {
      folderProblem = describeError(error);
      logger.error(folderProblem);
    }
  }
  const results = [];
  for (const invalid of invalidMonitors) {
    results.push({
      id: invalid.id ?? `monitors[${invalid.index}]`,
      category: invalid.category ?? "other",
      layer: invalid.layer ?? null,
      blocking: invalid.blocking,
      verdict: "error",
      reasons: [],
      error: `${config.path}:${invalid.line}:${invalid.column}: ${invalid.message}`,
      source: { file: config.path, line: invalid.line, column: invalid.column }
    });
  }
  for (const monitor of monitors) {
    const base = baseResult(config, monitor);
    if (skipped) {
      results.push({ ...base, verdict: "skipped", reasons: [skipped] });
      continue;
    }
    if (folderProblem) {
      results.push({ ...base, verdict: "error", error: folderProblem });
      continue;
    }
    logger.debug(`evaluating ${monitor.id}`);
    try {
      results.push(await evaluateMonitor(config, monitor, baseDir, updatedDir, options, logger));
    } catch (thrown) {
      const error = withDisplayPath(thrown);
      const message = describeError(error);
      if (!(error instanceof GateError)) logger.debug(error instanceof Error && error.stack ? error.stack : message);
      logger.error(`${monitor.id}: ${message}`);
      results.push({ ...base, verdict: "error", error: message });
    }
  }
  const order = (r) => r.source.line * 1e6 + r.source.column;
  results.sort((a, b) => order(a) - order(b));
  const gate = decideGate(results);
  const count = (v) => results.filter((r) => r.verdict === v).length;
  const report = {
    schemaVersion: 1,
    tool: { name: "monitor-gate", version: TOOL_VERSION },
    config: config.path,
    fingerprint: fileFingerprint(config.path),
    activations: { base: displayPath(baseDir), updated: displayPath(updatedDir) },
    commit: options.commit,
    shard: options.shard ? { index: options.shard.index, count: options.shard.count } : void 0,
    verdict: gate.verdict,
    event: options.event,
    skipped,
    summary: {
      monitors: results.length,
      fresh: count("fresh"),
      stale: count("stale"),
      inconclusive: count("inconclusive"),
      error: count("error"),
      blocking_failures: gate.blockingFailures
    },
    monitors: results
  };
  if (options.timestamp) report.generatedAt = (/* @__PURE__ */ new Date()).toISOString();
  for (const key of ["fingerprint", "commit", "shard", "event", "skipped"]) if (report[key] === void 0) delete report[key];
  return report;
}
function baseResult(config, monitor) {
  return {
    id: monitor.id,
    category: monitor.category,
    layer: monitor.layer,
    blocking: monitor.blocking,
    verdict: "error",
    threshold: monitor.threshold,
    reasons: [],
    source: { file: config.path, line: monitor.line, column: monitor.column }
  };
}
async function evaluateMonitor(config, monitor, baseDir, updatedDir, options, logger) {
  const result = baseResult(config, monitor);
  const baseFile = path7.join(baseDir, monitor.batch.file);
  const baseBatch = await openActivationBatch(baseDir, monitor.batch, monitor.pooling, monitor.mask);
  const updatedBatch = await openActivationBatch(updatedDir, monitor.batch, monitor.pooling, monitor.mask);
  checkPairedBatches(baseBatch, updatedBatch);
  const labels = await readLabels(monitor.labels, baseFile);
  if (labels.length !== baseBatch.rows) {
    throw inputError(`labels have ${labels.length} rows but the batch has ${baseBatch.rows}`, {
      file: monitor.labels.kind === "file" ? displayPath(monitor.labels.path) : displayPath(baseFile)
    });
  }
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i];
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) {
    throw inputError(`labels must contain both classes; found ${positives} positives and ${negatives} negatives`, {
      file: monitor.labels.kind === "file" ? displayPath(monitor.labels.path) : displayPath(baseFile)
    });
  }
  result.rows = { total: labels.length, positives, negatives };
  let probe;
  let baseScores;
  let updatedScores;
  try {
    probe = await loadProbe(monitor.probe, monitor.output, { provider: options.provider, logger });
    baseScores = await scoreBatch(probe, baseBatch, options.rowsPerChunk);
    updatedScores = await scoreBatch(probe, updatedBatch, options.rowsPerChunk);
  } finally {
    if (probe) await releaseProbe(probe);
  }
  const baseMetrics = operatingMetrics(baseScores, labels, monitor.threshold);
  const updatedMetrics = operatingMetrics(updatedScores, labels, monitor.threshold);
  result.base = baseMetrics;
  result.updated = updatedMetrics;
  result.delta = subtractMetrics(updatedMetrics, baseMetrics);
  const delong = delongPairedTest(baseScores, updatedScores, labels);
  result.tests = { delong: { diff: delong.diff, se: delong.se, z: delong.z, p_value: delong.p_value, ci95: delong.ci95 } };
  result.shift = shiftMetrics(baseScores, updatedScores, monitor.threshold);
  const judgement = judgeStaleness(baseMetrics, updatedMetrics, monitor.tolerance);
  result.reasons = judgement.reasons;
  const minRows = config.defaults.min_class_rows;
  if (positives < minRows || negatives < minRows) {
    result.verdict = "inconclusive";
    result.reasons = [
      `too few labeled rows to judge: ${positives} positives and ${negatives} negatives (min_class_rows ${minRows})`,
      ...judgement.reasons
    ];
  } else {
    result.verdict = judgement.verdict;
  }
  return result;
}
function withDisplayPath(error) {
  if (error instanceof GateError && error.file && path7.isAbsolute(error.file)) {
    return new GateError(error.kind, error.message, { file: displayPath(error.file), where: error.where, help: error.help });
  }
  return error;
}
function subtractMetrics(a, b) {
  return {
    auroc: a.auroc - b.auroc,
    tpr: a.tpr - b.tpr,
    fpr: a.fpr - b.fpr,
    recall_at_1fpr: a.recall_at_1fpr - b.recall_at_1fpr,
    recall_at_5fpr: a.recall_at_5fpr - b.recall_at_5fpr
  };
}

// src/core/report/json.ts
var import_ajv2 = __toESM(require_ajv(), 1);
import { mkdir, writeFile } from "node:fs/promises";
import path8 from "node:path";

// schemas/report.schema.json
var report_schema_default = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "https://github.com/monitor-gate/monitor-gate/schemas/report.schema.json",
  title: "monitor-gate report",
  description: "Result of one monitor-gate run: the gate verdict and, per monitor, base vs updated metrics, the paired test, label-free shift and the reasons for the verdict.",
  type: "object",
  additionalProperties: false,
  required: ["schemaVersion", "tool", "config", "activations", "verdict", "summary", "monitors"],
  definitions: {
    metrics: {
      type: "object",
      description: "Metrics of the probe's scores against the labels. TPR and FPR are at the deployed threshold (flag if score > threshold).",
      additionalProperties: false,
      required: ["auroc", "tpr", "fpr", "recall_at_1fpr", "recall_at_5fpr"],
      properties: {
        auroc: { type: "number", description: "Area under the ROC curve, exact, ties counted one half." },
        tpr: { type: "number", description: "True-positive rate at the deployed threshold." },
        fpr: { type: "number", description: "False-positive rate at the deployed threshold." },
        recall_at_1fpr: { type: "number", description: "Best recall with a threshold whose FPR is at most 1%." },
        recall_at_5fpr: { type: "number", description: "Best recall with a threshold whose FPR is at most 5%." }
      }
    },
    delta: {
      type: "object",
      description: "updated minus base, per metric.",
      additionalProperties: false,
      required: ["auroc", "tpr", "fpr", "recall_at_1fpr", "recall_at_5fpr"],
      properties: {
        auroc: { type: "number" },
        tpr: { type: "number" },
        fpr: { type: "number" },
        recall_at_1fpr: { type: "number" },
        recall_at_5fpr: { type: "number" }
      }
    }
  },
  properties: {
    schemaVersion: { const: 1, description: "Version of this report format." },
    tool: {
      type: "object",
      additionalProperties: false,
      required: ["name", "version"],
      properties: {
        name: { const: "monitor-gate" },
        version: { type: "string" }
      }
    },
    config: { type: "string", description: "The config file, as given." },
    fingerprint: { type: "string", pattern: "^sha256:[0-9a-f]{64}$", description: "sha256 of the config file's bytes. Reports merged from shards must agree on it." },
    commit: { type: "string", description: "The commit the gate ran on, when known (the Action: the pull request's head). Reports merged from shards must agree on it." },
    shard: {
      type: "object",
      description: "Only on a partial report from a sharded run: shard `index` (1-based) of `count`. Merged and unsharded reports have none.",
      additionalProperties: false,
      required: ["index", "count"],
      properties: {
        index: { type: "integer", minimum: 1 },
        count: { type: "integer", minimum: 1 }
      }
    },
    activations: {
      type: "object",
      additionalProperties: false,
      required: ["base", "updated"],
      properties: {
        base: { type: "string", description: "Folder of base-model activation batches, relative to the working directory." },
        updated: { type: "string", description: "Folder of updated-model activation batches, relative to the working directory." }
      }
    },
    verdict: { enum: ["pass", "fail"], description: "fail when any blocking monitor is stale or errored." },
    summary: {
      type: "object",
      additionalProperties: false,
      required: ["monitors", "fresh", "stale", "inconclusive", "error", "blocking_failures"],
      properties: {
        monitors: { type: "integer", minimum: 0 },
        fresh: { type: "integer", minimum: 0 },
        stale: { type: "integer", minimum: 0 },
        inconclusive: { type: "integer", minimum: 0 },
        error: { type: "integer", minimum: 0 },
        blocking_failures: { type: "array", items: { type: "string" }, description: "Ids of the blocking monitors that failed the gate." }
      }
    },
    monitors: {
      type: "array",
      description: "One entry per monitor, in config order.",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["id", "category", "layer", "blocking", "verdict", "reasons", "source"],
        properties: {
          id: { type: "string" },
          category: { type: "string" },
          layer: { type: ["integer", "null"] },
          blocking: { type: "boolean" },
          verdict: { enum: ["fresh", "stale", "inconclusive", "error", "skipped"] },
          threshold: { type: "number", description: "Deployed threshold on the probability scale." },
          rows: {
            type: "object",
            additionalProperties: false,
            required: ["total", "positives", "negatives"],
            properties: {
              total: { type: "integer" },
              positives: { type: "integer" },
              negatives: { type: "integer" }
            }
          },
          base: { $ref: "#/definitions/metrics" },
          updated: { $ref: "#/definitions/metrics" },
          delta: { $ref: "#/definitions/delta" },
          tests: {
            type: "object",
            additionalProperties: false,
            required: ["delong"],
            properties: {
              delong: {
                type: "object",
                description: "DeLong test for the paired AUROC difference (updated - base).",
                additionalProperties: false,
                required: ["diff", "se", "z", "p_value", "ci95"],
                properties: {
                  diff: { type: "number" },
                  se: { type: "number" },
                  z: { type: "number" },
                  p_value: { type: "number", minimum: 0, maximum: 1 },
                  ci95: { type: "array", items: { type: "number" }, minItems: 2, maxItems: 2 }
                }
              }
            }
          },
          shift: {
            type: "object",
            description: "Label-free shift between base and updated scores on paired rows.",
            additionalProperties: false,
            required: ["ks", "psi", "flip_rate"],
            properties: {
              ks: { type: "number", description: "Two-sample Kolmogorov-Smirnov statistic." },
              psi: { type: "number", description: "Population stability index on base-decile bins." },
              flip_rate: { type: "number", description: "Fraction of rows whose decision at the threshold changed." }
            }
          },
          reasons: { type: "array", items: { type: "string" } },
          error: { type: "string", description: "Why the monitor could not be evaluated." },
          source: {
            type: "object",
            additionalProperties: false,
            required: ["file", "line", "column"],
            properties: {
              file: { type: "string" },
              line: { type: "integer" },
              column: { type: "integer" }
            }
          }
        }
      }
    },
    event: {
      type: "object",
      description: "The model-update event the change carries: detected from the changed files (configs, recipes, model cards, weight headers) or declared (config `update:`, a monitor-gate/<family> label).",
      additionalProperties: false,
      required: ["family", "sub_kind", "attributes", "evidence", "confidence"],
      properties: {
        family: { enum: ["quantization", "lora", "qlora", "lora-merged", "full-finetune", "merge", "none"] },
        sub_kind: {
          type: ["string", "null"],
          description: "Quantization: bnb-nf4, bnb-fp4, bnb-int8, gptq, awq, fp8, compressed-tensors, hqq, torchao, gguf or other. LoRA-like adapters: dora, adalora or the PEFT type. Otherwise null."
        },
        attributes: {
          type: "object",
          description: "Normalized facts the files state; only what some file says is present.",
          additionalProperties: false,
          properties: {
            bits: { type: "number", description: "Bits of the shipped weights (quantization)." },
            base_bits: { type: "number", description: "Bits of the frozen base an adapter was trained on (4 for QLoRA)." },
            quant_method: { type: "string", description: "quant_method as written (bitsandbytes, gptq, awq, compressed-tensors, mlx, onnx, gguf, ...)." },
            quant_type: { type: "string", description: "Quant type or scheme (nf4, fp4, int8, Q4_K_M, W4A16, QInt8, ...)." },
            quant_algorithm: { type: "string", description: "Algorithm behind the format (AWQ, GPTQ, SmoothQuant)." },
            group_size: { type: "number", description: "Quantization group or block size (-1: no grouping)." },
            double_quant: { type: "boolean", description: "bitsandbytes double quantization." },
            peft_type: { type: "string", description: "PEFT type as written (LORA, ADALORA, LOHA, IA3, ...)." },
            lora_rank: { type: "number", description: "Adapter rank r." },
            lora_alpha: { type: "number", description: "Adapter alpha." },
            lora_dropout: { type: "number", description: "Adapter dropout." },
            target_modules: { type: "array", items: { type: "string" }, description: "Modules the adapter targets." },
            layers: { type: "array", items: { type: "integer" }, description: "Layer indexes the adapter touches." },
            dora: { type: "boolean", description: "DoRA (weight-decomposed LoRA)." },
            base_model: { type: "string", description: "The model the update starts from." },
            models: { type: "array", items: { type: "string" }, description: "Models combined by a merge." },
            merge_method: { type: "string", description: "Merge method(s), comma-separated for multi-stage merges." },
            merge_weights: { type: "array", items: { type: "number" }, description: "Weights of the merged models." },
            training_steps: { type: "number", description: "Training steps a recipe states." },
            epochs: { type: "number", description: "Epochs a recipe states." },
            learning_rate: { type: "number", description: "Learning rate a recipe states." },
            tool: { type: "string", description: "The tool whose files stated the facts (axolotl, llama-factory, peft, mergekit, ...)." }
          }
        },
        evidence: {
          type: "array",
          description: "Every fact used, every conflicting fact and every skipped file, each at its file and line.",
          items: {
            type: "object",
            additionalProperties: false,
            required: ["file", "line", "reason"],
            properties: {
              file: { type: "string", description: "Repository-relative path." },
              line: { type: "integer", minimum: 1, description: "1-based line; 1 for binary files and whole-file statements." },
              reason: { type: "string" },
              kind: { enum: ["fact", "skipped", "conflict"] }
            }
          }
        },
        confidence: { type: "number", minimum: 0, maximum: 1 },
        declared: {
          type: "object",
          description: "Present when the event was declared rather than detected.",
          additionalProperties: false,
          required: ["source"],
          properties: { source: { type: "string" } }
        },
        detected: {
          type: "object",
          description: "What detection found, when the event was declared.",
          additionalProperties: false,
          required: ["family", "sub_kind", "confidence"],
          properties: {
            family: { enum: ["quantization", "lora", "qlora", "lora-merged", "full-finetune", "merge", "none"] },
            sub_kind: { type: ["string", "null"] },
            confidence: { type: "number", minimum: 0, maximum: 1 }
          }
        }
      }
    },
    skipped: { type: "string", description: "Why no monitor was measured: the change carries no model update and always-run is off." },
    generatedAt: { type: "string", description: "ISO timestamp, only when asked for." }
  }
};

// src/core/report/json.ts
function serializeReport(report) {
  return JSON.stringify(report, null, 2) + "\n";
}
async function writeReport(file, report) {
  await mkdir(path8.dirname(path8.resolve(file)), { recursive: true });
  await writeFile(file, serializeReport(report));
}
var validator2;
function reportSchemaProblems(report) {
  validator2 ??= new import_ajv2.Ajv({ allErrors: true, strict: true }).compile(report_schema_default);
  if (validator2(report)) return [];
  return (validator2.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
}

// src/core/report/extras.ts
var isObject = (x) => typeof x === "object" && x !== null && !Array.isArray(x);
var str = (x) => typeof x === "string" && x !== "" ? x : void 0;
var finite = (x) => typeof x === "number" && Number.isFinite(x) ? x : void 0;
function show(value) {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value) ?? String(value);
}
function reportEvent(report) {
  const raw = report.event;
  if (!isObject(raw)) return void 0;
  const family = str(raw.family);
  if (!family) return void 0;
  const attributes = isObject(raw.attributes) ? Object.entries(raw.attributes).filter(([, v]) => v !== void 0 && v !== null).map(([k, v]) => [k, show(v)]) : [];
  const evidence = Array.isArray(raw.evidence) ? raw.evidence.flatMap((e) => {
    if (!isObject(e) || !str(e.file)) return [];
    const line = finite(e.line);
    const kind = e.kind === "conflict" || e.kind === "skipped" ? e.kind : "fact";
    return [{ file: e.file, line: line !== void 0 && line >= 1 ? Math.floor(line) : void 0, reason: str(e.reason) ?? "", kind }];
  }) : [];
  const view = { family, sub_kind: str(raw.sub_kind), attributes, evidence, confidence: finite(raw.confidence) };
  if (isObject(raw.declared) && str(raw.declared.source)) view.declared = raw.declared.source;
  if (isObject(raw.detected) && str(raw.detected.family)) {
    view.detected = { family: raw.detected.family, sub_kind: str(raw.detected.sub_kind), confidence: finite(raw.detected.confidence) };
  }
  return view;
}
function monitorRepair(m) {
  const raw = m.repair;
  if (!isObject(raw)) return void 0;
  const method = str(raw.method) ?? "repair";
  return { method, auroc: finite(raw.auroc), tpr: finite(raw.tpr), fpr: finite(raw.fpr), verdict_after: str(raw.verdict_after) };
}

// src/core/report/markdown.ts
var REPORT_STAGES = ["full", "failing", "failing-table", "notice"];
var SUMMARY_MAX_BYTES = 1024 * 1024;
var CHART_MAX_MONITORS = 40;
var BLOCKING_LISTED = 20;
var VERDICT_MARK = {
  fresh: "✅ fresh",
  stale: "❌ stale",
  inconclusive: "⚠️ inconclusive",
  error: "💥 error",
  skipped: "⏭️ skipped"
};
var verdictMark = (v) => VERDICT_MARK[v] ?? v;
var num = (x, digits = 3) => x === void 0 ? "–" : x.toFixed(digits);
var signed = (x, digits = 3) => x === void 0 ? "–" : `${x >= 0 ? "+" : ""}${x.toFixed(digits)}`;
var pValue = (p) => p === void 0 ? "–" : p < 1e-3 ? "<0.001" : p.toFixed(3);
var percent = (x) => `${(x * 100).toFixed(1)}%`;
var plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
var text = (s) => s.replace(/\r?\n/g, " ").replace(/</g, "&lt;");
var cell = (s) => text(s).replace(/\|/g, "\\|");
var code = (s) => `\`${s.replace(/`/g, "'").replace(/\r?\n/g, " ")}\``;
var clip = (s, max) => s.length <= max ? s : `${s.slice(0, max - 1)}…`;
var needsAttention = (m) => m.verdict !== "fresh";
function heading(report) {
  const mark = report.verdict === "pass" ? "✅" : "❌";
  const partial = report.shard ? ` (partial: shard ${report.shard.index}/${report.shard.count})` : "";
  return `## ${mark} monitor-gate: **${report.verdict}**${partial}`;
}
function countsLine(report) {
  const s = report.summary;
  const parts = [plural(s.monitors, "monitor"), `${s.fresh} fresh`, `${s.stale} stale`];
  if (s.inconclusive) parts.push(`${s.inconclusive} inconclusive`);
  if (s.error) parts.push(`${s.error} errored`);
  return parts.join(" · ");
}
function blockingLine(ids, shown = Math.min(ids.length, BLOCKING_LISTED)) {
  const listed = ids.slice(0, shown).map(code).join(", ");
  const rest = ids.length - shown;
  return `Blocking: ${listed}${rest > 0 ? `${shown > 0 ? ", " : ""}and ${rest} more` : ""}`;
}
function eventSummary(event) {
  if (event.family === "none") return "**Update event:** none detected";
  const parts = [code(event.family)];
  if (event.sub_kind) parts.push(`sub-kind ${code(event.sub_kind)}`);
  if (event.declared) {
    parts.push(`declared in ${code(event.declared)}`);
    if (event.detected) parts.push(`detection found ${code(event.detected.family)}${event.detected.confidence !== void 0 ? ` (confidence ${event.detected.confidence.toFixed(2)})` : ""}`);
  } else if (event.confidence !== void 0) {
    parts.push(`confidence ${event.confidence.toFixed(2)}`);
  }
  const facts = event.evidence.filter((e) => e.kind === "fact");
  const shown = facts.slice(0, 3).map((e) => code(clip(e.line ? `${e.file}:${e.line}` : e.file, 120)));
  const more = facts.length - shown.length;
  const evidence = shown.length > 0 ? ` — evidence ${shown.join(", ")}${more > 0 ? ` and ${more} more` : ""}` : "";
  return `**Update event:** ${parts.join(" · ")}${evidence}`;
}
function repairCell(m) {
  const r = monitorRepair(m);
  if (!r) return "–";
  const metrics = [r.auroc !== void 0 ? `AUROC ${num(r.auroc)}` : "", r.tpr !== void 0 ? `TPR ${num(r.tpr)}` : "", r.fpr !== void 0 ? `FPR ${num(r.fpr)}` : ""].filter(Boolean).join(", ");
  const after = r.verdict_after ? ` → ${verdictMark(r.verdict_after)}` : "";
  return `${code(r.method)}${metrics ? `: ${metrics}` : ""}${after}`;
}
function monitorRow(m, withRepair = false) {
  const auroc = m.base && m.updated ? `${num(m.base.auroc)} → ${num(m.updated.auroc)} (${signed(m.delta?.auroc)}, p ${pValue(m.tests?.delong.p_value)})` : "–";
  const tpr = m.base && m.updated ? `${num(m.base.tpr)} → ${num(m.updated.tpr)}` : "–";
  const fpr = m.base && m.updated ? `${num(m.base.fpr)} → ${num(m.updated.fpr)}` : "–";
  const flips = m.shift ? percent(m.shift.flip_rate) : "–";
  const why = m.verdict === "error" ? m.error ?? "error" : m.reasons.join("; ") || "–";
  const blocking = m.blocking ? "" : " (advisory)";
  const repair = withRepair ? ` ${repairCell(m)} |` : "";
  return `| ${code(m.id)}${blocking} | ${cell(m.category)} | ${m.layer ?? "–"} | ${VERDICT_MARK[m.verdict]} | ${auroc} | ${tpr} | ${fpr} | ${flips} |${repair} ${cell(clip(why, 400))} |`;
}
function table(rows, withRepair) {
  const repairHead = withRepair ? " repair (label-free) |" : "";
  const repairRule = withRepair ? "---|" : "";
  return [
    `| monitor | category | layer | verdict | AUROC base → updated (Δ, DeLong p) | TPR @ threshold | FPR @ threshold | decision flips |${repairHead} why |`,
    `|---|---|---|---|---|---|---|---|${repairRule}---|`,
    ...rows.map((m) => monitorRow(m, withRepair))
  ];
}
function aurocChart(rows) {
  const measured = rows.filter((m) => m.base && m.updated);
  if (measured.length === 0) return [];
  let shown = measured;
  let title = "AUROC per monitor (bars: base model, line: updated model)";
  if (measured.length > CHART_MAX_MONITORS) {
    const drop = (m) => m.base.auroc - m.updated.auroc;
    const keep = new Set([...measured].sort((a, b) => drop(b) - drop(a)).slice(0, CHART_MAX_MONITORS));
    shown = measured.filter((m) => keep.has(m));
    title = `AUROC of the ${CHART_MAX_MONITORS} largest drops of ${measured.length} monitors (bars: base, line: updated)`;
  }
  const values = shown.flatMap((m) => [m.base.auroc, m.updated.auroc]);
  const low = Math.max(0, Math.min(0.5, Math.floor(Math.min(...values) * 10) / 10));
  const label = (id) => `"${id.replace(/["\\\r\n]/g, "")}"`;
  const series = (get) => `[${shown.map((m) => get(m).toFixed(3)).join(", ")}]`;
  return [
    "```mermaid",
    "xychart-beta",
    `  title "${title}"`,
    `  x-axis [${shown.map((m) => label(m.id)).join(", ")}]`,
    `  y-axis "AUROC" ${low} --> 1`,
    `  bar ${series((m) => m.base.auroc)}`,
    `  line ${series((m) => m.updated.auroc)}`,
    "```"
  ];
}
function eventDetails(event) {
  const lines = [eventSummary(event).replace(/ — evidence .*$/, "")];
  if (event.attributes.length > 0) lines.push(`- attributes: ${event.attributes.map(([k, v]) => `${code(k)} ${text(clip(v, 200))}`).join(" · ")}`);
  if (event.evidence.length > 0) {
    lines.push("- evidence:");
    for (const e of event.evidence) {
      const tag = e.kind === "fact" ? "" : ` (${e.kind})`;
      lines.push(`  - ${code(e.line ? `${e.file}:${e.line}` : e.file)}${tag}${e.reason ? `: ${text(e.reason)}` : ""}`);
    }
  }
  return lines;
}
function monitorDetails(m) {
  const facts = [VERDICT_MARK[m.verdict], text(m.category)];
  if (m.layer !== null) facts.push(`layer ${m.layer}`);
  facts.push(m.blocking ? "blocking" : "advisory");
  if (m.threshold !== void 0) facts.push(`threshold ${num(m.threshold)}`);
  facts.push(`declared at ${code(`${m.source.file}:${m.source.line}`)}`);
  const lines = [`**${code(m.id)}** · ${facts.join(" · ")}`];
  if (m.rows) lines.push(`- rows: ${m.rows.total} (${m.rows.positives} positive, ${m.rows.negatives} negative)`);
  if (m.base && m.updated) {
    const d = m.tests?.delong;
    const test = d ? `; DeLong p ${pValue(d.p_value)}, 95% CI ${signed(d.ci95[0])} to ${signed(d.ci95[1])}` : "";
    lines.push(`- AUROC ${num(m.base.auroc)} → ${num(m.updated.auroc)} (Δ ${signed(m.delta?.auroc)}${test})`);
    lines.push(`- at the threshold: TPR ${num(m.base.tpr)} → ${num(m.updated.tpr)} · FPR ${num(m.base.fpr)} → ${num(m.updated.fpr)}`);
    lines.push(`- recall at 1% FPR ${num(m.base.recall_at_1fpr)} → ${num(m.updated.recall_at_1fpr)} · at 5% FPR ${num(m.base.recall_at_5fpr)} → ${num(m.updated.recall_at_5fpr)}`);
  }
  if (m.shift) lines.push(`- label-free shift: KS ${num(m.shift.ks)} · PSI ${num(m.shift.psi)} · decision flips ${percent(m.shift.flip_rate)}`);
  if (monitorRepair(m)) lines.push(`- repair: ${repairCell(m)}`);
  for (const reason of m.reasons) lines.push(`- why: ${text(reason)}`);
  if (m.error) lines.push(`- error: ${text(m.error)}`);
  return lines;
}
function details(report, rows, event) {
  if (rows.length === 0 && !event) return [];
  const what = rows.length === report.monitors.length ? plural(rows.length, "monitor") : `${plural(rows.length, "monitor")} that need attention`;
  const lines = ["<details>", `<summary>Details: ${event ? "update event and " : ""}${what}</summary>`, ""];
  if (event) lines.push(...eventDetails(event), "");
  for (const m of rows) lines.push(...monitorDetails(m), "");
  lines.push("</details>");
  return lines;
}
function provenance(report) {
  const commit = report.commit ? `, commit \`${report.commit.slice(0, 12)}\`` : "";
  return `<sub>Base activations ${code(report.activations.base)}, updated ${code(report.activations.updated)}, config ${code(report.config)}${commit}. TPR/FPR are at each monitor's deployed threshold (flag if score > threshold). monitor-gate ${text(report.tool.version)}.</sub>`;
}
function renderStage(report, stage, o, blockingShown) {
  const event = reportEvent(report);
  const attention = report.monitors.filter(needsAttention);
  const rows = stage === "full" ? report.monitors : attention;
  const withRepair = rows.some((m) => monitorRepair(m) !== void 0);
  const lines = [...o.header ?? []];
  lines.push(heading(report), "", countsLine(report));
  const blocking = report.summary.blocking_failures;
  if (blocking.length > 0) lines.push("", blockingLine(blocking, blockingShown));
  if (event) lines.push("", eventSummary(event));
  if (report.shard) lines.push("", `This is one part of a sharded run; the gate verdict comes from merging the ${report.shard.count} partial reports.`);
  lines.push("");
  const elsewhere = o.elsewhere ?? "the JSON report";
  if (stage === "notice") {
    lines.push("> [!NOTE]", `> The full table is left out to stay under ${o.limitName}; ${elsewhere} has every monitor and the details.`, "");
  } else {
    const left = report.monitors.length - rows.length;
    if (left > 0) {
      const omitted = stage === "failing-table" ? `${plural(left, "fresh monitor")} and the details are` : `${plural(left, "fresh monitor")} ${left === 1 ? "is" : "are"}`;
      lines.push("> [!NOTE]", `> ${omitted} left out to stay under ${o.limitName}; ${elsewhere} has every monitor.`, "");
    } else if (stage === "failing-table") {
      lines.push("> [!NOTE]", `> The details are left out to stay under ${o.limitName}; ${elsewhere} has them.`, "");
    }
    if (rows.length > 0) lines.push(...table(rows, withRepair), "");
    else if (report.monitors.length === 0) lines.push("No monitors were measured.", "");
    else lines.push(report.monitors.length === 1 ? "The monitor is fresh." : `All ${report.monitors.length} monitors are fresh.`, "");
    if (stage !== "failing-table") {
      const chart = aurocChart(rows);
      if (chart.length > 0) lines.push(...chart, "");
      const more = details(report, rows, event);
      if (more.length > 0) lines.push(...more, "");
    }
  }
  lines.push(provenance(report));
  if (o.footer && o.footer.length > 0) lines.push(...o.footer);
  return lines.join("\n") + "\n";
}
function renderReportMarkdown(report, options) {
  for (const stage of REPORT_STAGES) {
    if (stage === "notice") break;
    if (stage === "failing" && report.monitors.every(needsAttention)) continue;
    const markdown2 = renderStage(report, stage, options);
    if (options.measure(markdown2) <= options.limit) return { markdown: markdown2, stage };
  }
  const ids = Math.min(report.summary.blocking_failures.length, BLOCKING_LISTED);
  let markdown = renderStage(report, "notice", options);
  if (options.measure(markdown) > options.limit) {
    let lo = 0;
    let hi = ids;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (options.measure(renderStage(report, "notice", options, mid)) <= options.limit) lo = mid;
      else hi = mid - 1;
    }
    markdown = renderStage(report, "notice", options, lo);
  }
  return { markdown, stage: "notice" };
}
function renderSummary(report, options = {}) {
  return renderReportMarkdown(report, {
    limit: SUMMARY_MAX_BYTES,
    measure: (s) => Buffer.byteLength(s, "utf8"),
    limitName: "GitHub's 1 MiB job-summary limit",
    ...options
  });
}
function renderMarkdown(report, options = {}) {
  return renderSummary(report, options).markdown;
}

// src/core/merge-reports.ts
import { readdir, readFile as readFile2 } from "node:fs/promises";
async function loadReportFile(file) {
  let text2;
  try {
    text2 = await readFile2(file, "utf8");
  } catch (error) {
    const code2 = error.code;
    const why = code2 === "ENOENT" ? "report not found" : code2 === "EISDIR" ? "is a folder, not a report file" : `cannot read the report (${code2 ?? "error"})`;
    throw inputError(why, { file });
  }
  let parsed;
  try {
    parsed = JSON.parse(text2);
  } catch (error) {
    throw inputError(`not JSON: ${error instanceof Error ? error.message : String(error)}`, { file });
  }
  const problems = reportSchemaProblems(parsed);
  if (problems.length > 0) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : "";
    throw inputError(`not a monitor-gate report: ${problems[0]}${more}`, { file });
  }
  return parsed;
}
async function loadReportFiles(files) {
  const out = [];
  for (const file of files) out.push({ file, report: await loadReportFile(file) });
  return out;
}
async function mergeReportFiles(files) {
  const loaded = await loadReportFiles(files);
  return mergeReports(
    loaded.map((l) => l.report),
    loaded.map((l) => l.file)
  );
}
var configOrder = (m) => m.source.line * 1e6 + m.source.column;
function mergeReports(reports, sources) {
  if (reports.length === 0) throw usageError("no reports to merge");
  const name = (i) => sources?.[i] ?? `report ${i + 1}`;
  reports.forEach((r, i) => {
    if (!r.shard) {
      throw inputError(`not a partial report (it has no shard); merge only the reports of a run sharded with 'i/n'`, { file: name(i) });
    }
  });
  const same = [
    ["schema version", (r) => r.schemaVersion],
    ["monitor-gate version", (r) => r.tool.version],
    ["config", (r) => r.config],
    ["config fingerprint", (r) => r.fingerprint],
    ["commit", (r) => r.commit],
    ["shard count", (r) => r.shard.count]
  ];
  for (const [what, get] of same) {
    const first2 = get(reports[0]);
    const other = reports.findIndex((r) => get(r) !== first2);
    if (other >= 0) {
      const show2 = (v) => v === void 0 ? "none" : String(v);
      throw inputError(`cannot merge reports of different ${what === "config fingerprint" ? "configs" : what + "s"}: ${name(0)} has ${what} ${show2(first2)} but ${name(other)} has ${what} ${show2(get(reports[other]))}`, {
        help: "merge the partial reports of one sharded run"
      });
    }
  }
  const count = reports[0].shard.count;
  const byIndex = /* @__PURE__ */ new Map();
  reports.forEach((r, i) => {
    const seen = byIndex.get(r.shard.index);
    if (seen !== void 0) throw inputError(`shard ${formatShard(r.shard)} is given twice: ${name(seen)} and ${name(i)}`);
    byIndex.set(r.shard.index, i);
  });
  const missing = [];
  for (let index = 1; index <= count; index++) if (!byIndex.has(index)) missing.push(`${index}/${count}`);
  if (missing.length > 0) throw inputError(`missing shard${missing.length > 1 ? "s" : ""} ${missing.join(", ")}: a merge needs all ${count} partial reports`);
  const owner = /* @__PURE__ */ new Map();
  const monitors = [];
  reports.forEach((r, i) => {
    for (const m of r.monitors) {
      const seen = owner.get(m.id);
      if (seen !== void 0) throw inputError(`monitor '${m.id}' is in two partial reports: ${name(seen)} and ${name(i)}`);
      owner.set(m.id, i);
      monitors.push(m);
    }
  });
  monitors.sort((a, b) => configOrder(a) - configOrder(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const first = reports[byIndex.get(1)];
  const gate = decideGate(monitors);
  const tally = (v) => monitors.filter((m) => m.verdict === v).length;
  const merged = {
    ...structuredClone(first),
    verdict: gate.verdict,
    summary: {
      ...first.summary,
      monitors: monitors.length,
      fresh: tally("fresh"),
      stale: tally("stale"),
      inconclusive: tally("inconclusive"),
      error: tally("error"),
      blocking_failures: gate.blockingFailures
    },
    monitors: structuredClone(monitors)
  };
  delete merged.shard;
  const stamps = reports.map((r) => r.generatedAt).filter((t) => t !== void 0);
  if (stamps.length > 0) merged.generatedAt = stamps.sort().at(-1);
  return merged;
}

// src/core/report/text-table.ts
var num2 = (x) => x === void 0 ? "-" : x.toFixed(3);
var signed2 = (x) => x === void 0 ? "-" : `${x >= 0 ? "+" : ""}${x.toFixed(3)}`;
function renderTextTable(report) {
  const header = ["MONITOR", "CATEGORY", "LAYER", "VERDICT", "AUROC BASE", "AUROC UPD", "ΔAUROC", "TPR B→U", "FPR B→U", "FLIPS"];
  const rows = report.monitors.map((m) => [
    m.blocking ? m.id : `${m.id} (advisory)`,
    m.category,
    m.layer === null ? "-" : String(m.layer),
    m.verdict.toUpperCase(),
    num2(m.base?.auroc),
    num2(m.updated?.auroc),
    signed2(m.delta?.auroc),
    m.base && m.updated ? `${num2(m.base.tpr)}→${num2(m.updated.tpr)}` : "-",
    m.base && m.updated ? `${num2(m.base.fpr)}→${num2(m.updated.fpr)}` : "-",
    m.shift ? `${(m.shift.flip_rate * 100).toFixed(1)}%` : "-"
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  const out = [line(header), ...rows.map(line)];
  const notes = [];
  for (const m of report.monitors) {
    if (m.verdict === "skipped") continue;
    if (m.verdict === "error") notes.push(`  ${m.id}: ${m.error}`);
    else for (const reason of m.reasons) notes.push(`  ${m.id}: ${reason}`);
  }
  if (report.event) out.unshift(`update event: ${report.event.family}${report.event.sub_kind ? ` (${report.event.sub_kind})` : ""}, confidence ${report.event.confidence.toFixed(2)}`, "");
  if (report.skipped) notes.push(`  ${report.skipped}`);
  if (notes.length > 0) out.push("", ...notes);
  const s = report.summary;
  out.push(
    "",
    `gate: ${report.verdict.toUpperCase()} (${s.monitors} monitors: ${s.fresh} fresh, ${s.stale} stale, ${s.inconclusive} inconclusive, ${s.error} errored` + (s.blocking_failures.length ? `; blocking: ${s.blocking_failures.join(", ")}` : "") + ")"
  );
  return out.join("\n") + "\n";
}

// src/core/detect/claims.ts
var CONFIG = 3;
var METADATA = 2;
var PROSE = 1;
var WEAK = 1;
var isObj = (x) => typeof x === "object" && x !== null && !Array.isArray(x);
function str2(x) {
  return typeof x === "string" && x.trim() !== "" ? x.trim() : void 0;
}
function num3(x) {
  if (typeof x === "number" && Number.isFinite(x)) return x;
  if (typeof x === "string" && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(x)) {
    const n = Number(x);
    return Number.isFinite(n) ? n : void 0;
  }
  return void 0;
}
function bool(x) {
  if (typeof x === "boolean") return x;
  if (typeof x === "string") {
    const s = x.trim().toLowerCase();
    if (s === "true" || s === "yes" || s === "1") return true;
    if (s === "false" || s === "no" || s === "0") return false;
  }
  return void 0;
}
function strList(x) {
  if (Array.isArray(x)) {
    const out = x.filter((v) => typeof v === "string" && v.trim() !== "").map((v) => v.trim());
    return out.length > 0 ? out : void 0;
  }
  if (typeof x === "string" && x.trim() !== "") {
    return x.split(",").map((s) => s.trim()).filter(Boolean);
  }
  return void 0;
}
function defined(attrs) {
  const out = {};
  for (const [k, v] of Object.entries(attrs)) if (v !== void 0 && v !== null && !(Array.isArray(v) && v.length === 0)) out[k] = v;
  return out;
}
function hasAny(o, keys) {
  return keys.some((k) => Object.prototype.hasOwnProperty.call(o, k));
}
function bitsFromModelName(name) {
  const id = name.toLowerCase();
  const four = /(?:^|[-_./])(bnb[-_]?4bit|4[-_]?bit|int4|nf4|fp4|w4a16|w4a8)(?=$|[-_./])/.exec(id);
  if (four) return { bits: 4, token: four[1] };
  const eight = /(?:^|[-_./])(bnb[-_]?8bit|8[-_]?bit|int8|w8a8|w8a16)(?=$|[-_./])/.exec(id);
  if (eight) return { bits: 8, token: eight[1] };
  return void 0;
}
function claimAt(ctx, path11, strength, signal, reason, attrs) {
  return { file: ctx.file, line: ctx.doc.lineAt(...path11), reason, strength, signal, attrs: attrs ? defined(attrs) : void 0 };
}
function modelId(x) {
  const s = str2(x);
  return s && /^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)?$/.test(s) ? s : void 0;
}

// src/core/detect/parse.ts
var import_yaml2 = __toESM(require_dist(), 1);
var MAX_TEXT_BYTES = 2 * 1024 * 1024;
var MAX_YAML_BYTES = 512 * 1024;
var MAX_SAFETENSORS_HEADER_BYTES = 4 * 1024 * 1024;
var GGUF_HEAD_BYTES = 4 * 1024 * 1024;
function formatBytes(n) {
  if (n >= 1024 * 1024 * 1024) return `${(n / (1024 * 1024 * 1024)).toFixed(1)} GiB`;
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}
var LFS_PREFIX = "version https://git-lfs.github.com/spec/";
function isLfsPointer(bytes) {
  if (bytes.length > 1024 || bytes.length < LFS_PREFIX.length) return false;
  return Buffer.from(bytes.subarray(0, LFS_PREFIX.length)).toString("latin1") === LFS_PREFIX;
}
async function readText(file, limit = MAX_TEXT_BYTES) {
  if (file.size !== void 0 && file.size > limit) {
    return { skip: `too large for a config or model card (${formatBytes(file.size)}; the limit is ${formatBytes(limit)}); not read`, unreadable: false };
  }
  const bytes = await file.readHead(limit + 1);
  if (bytes.length > limit) {
    return { skip: `too large for a config or model card (over ${formatBytes(limit)}); not read`, unreadable: false };
  }
  return decodeText(bytes);
}
function decodeText(bytes) {
  if (isLfsPointer(bytes)) return { skip: "Git LFS pointer: the content is not in the repository", unreadable: true };
  if (bytes.includes(0)) return { skip: "binary content (NUL bytes), not a text config", unreadable: true };
  let text2;
  try {
    text2 = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { skip: "not UTF-8 text (binary content?)", unreadable: true };
  }
  return { text: text2.startsWith("\uFEFF") ? text2.slice(1) : text2 };
}
function parseStructured(text2, options = {}) {
  const offset = options.lineOffset ?? 0;
  const lineCounter = new import_yaml2.LineCounter();
  let docs;
  try {
    docs = (0, import_yaml2.parseAllDocuments)(text2, { lineCounter, uniqueKeys: false, merge: true, strict: false, prettyErrors: false });
    if (!Array.isArray(docs)) docs = [docs];
  } catch (error) {
    return { docs: [], error: { line: 1 + offset, message: messageOf(error) } };
  }
  const lineOf = (pos) => Math.max(1, lineCounter.linePos(pos).line) + offset;
  let firstError;
  const out = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      if (!firstError) firstError = { line: lineOf(e.pos[0]), message: e.message.split("\n")[0] };
      if (!options.tolerant) continue;
    }
    if (doc.contents === null) continue;
    let data;
    try {
      data = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      if (!firstError) firstError = { line: 1 + offset, message: messageOf(error) };
      continue;
    }
    const start = doc.contents.range ? lineOf(doc.contents.range[0]) : 1 + offset;
    out.push({ data, line: start, lineAt: (...path11) => lineAtPath(doc, path11, lineOf, start) });
  }
  return { docs: out, error: firstError };
}
function messageOf(error) {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0];
}
function keyOf(node) {
  return (0, import_yaml2.isScalar)(node) ? node.value : node;
}
function lineAtPath(doc, path11, lineOf, fallback) {
  let node = doc.contents;
  let line = fallback;
  for (const seg of path11) {
    if ((0, import_yaml2.isAlias)(node)) node = node.resolve(doc);
    if (typeof seg === "number" && (0, import_yaml2.isSeq)(node)) {
      const item = node.items[seg];
      if (!item) break;
      if (item.range) line = lineOf(item.range[0]);
      node = item;
      continue;
    }
    if ((0, import_yaml2.isMap)(node)) {
      const pair = node.items.find((p) => String(keyOf(p.key)) === String(seg));
      if (!pair) break;
      const key = pair.key;
      if (key && key.range) line = lineOf(key.range[0]);
      else if (pair.value && pair.value.range) line = lineOf(pair.value.range[0]);
      node = pair.value;
      continue;
    }
    break;
  }
  return line;
}
var JSON_ERROR_PLACE_BYTES = 256 * 1024;
function lineOfOffset(text2, offset) {
  let line = 1;
  for (let i = 0; i < offset && i < text2.length; i++) if (text2.charCodeAt(i) === 10) line++;
  return line;
}
function parseJsonText(text2) {
  let data;
  try {
    data = JSON.parse(text2);
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    const pos = /at position (\d+)/.exec(message);
    if (pos) return { docs: [], error: { line: lineOfOffset(text2, Number(pos[1])), message: message.replace(/ in JSON at position \d+.*$/, "") } };
    const short = message.replace(/, ".*$/, "").slice(0, 120);
    if (text2.length <= JSON_ERROR_PLACE_BYTES) {
      const y = parseStructured(text2);
      if (y.error) return { docs: [], error: { line: y.error.line, message: short } };
    }
    return { docs: [], error: { line: 1, message: short } };
  }
  let positioned;
  const lineAt = (...path11) => {
    if (positioned === void 0) {
      const y = text2.length <= MAX_TEXT_BYTES ? parseStructured(text2) : void 0;
      positioned = y && !y.error && y.docs.length === 1 ? y.docs[0] : null;
    }
    return positioned ? positioned.lineAt(...path11) : 1;
  };
  return { docs: [{ data, line: 1, lineAt }] };
}

// src/core/detect/gguf.ts
var FILE_TYPES = {
  0: "F32",
  1: "F16",
  2: "Q4_0",
  3: "Q4_1",
  7: "Q8_0",
  8: "Q5_0",
  9: "Q5_1",
  10: "Q2_K",
  11: "Q3_K_S",
  12: "Q3_K_M",
  13: "Q3_K_L",
  14: "Q4_K_S",
  15: "Q4_K_M",
  16: "Q5_K_S",
  17: "Q5_K_M",
  18: "Q6_K",
  19: "IQ2_XXS",
  20: "IQ2_XS",
  21: "Q2_K_S",
  22: "IQ3_XS",
  23: "IQ3_XXS",
  24: "IQ1_S",
  25: "IQ4_NL",
  26: "IQ3_S",
  27: "IQ3_M",
  28: "IQ2_S",
  29: "IQ2_M",
  30: "IQ4_XS",
  31: "IQ1_M",
  32: "BF16",
  36: "TQ1_0",
  37: "TQ2_0",
  38: "MXFP4_MOE"
};
var UNQUANTIZED = /* @__PURE__ */ new Set(["F32", "F16", "BF16"]);
function bitsOf(type) {
  const m = /^(?:I?Q|TQ)(\d)/.exec(type);
  if (m) return Number(m[1]);
  if (type === "MXFP4_MOE") return 4;
  if (type === "F16" || type === "BF16") return 16;
  if (type === "F32") return 32;
  return void 0;
}
function quantTypeFromName(name) {
  const m = /(?:^|[-_.])((?:I?Q\d(?:_[0-9A-Z]+)*)|TQ\d_0|BF16|F16|F32)(?=[-_.]|$)/i.exec(name.replace(/\.gguf$/i, "") + ".");
  return m ? m[1].toUpperCase() : void 0;
}
var Cursor = class {
  constructor(buf) {
    this.buf = buf;
  }
  buf;
  pos = 0;
  need(n) {
    if (this.pos + n > this.buf.length) throw new RangeError("end of data");
  }
  u8() {
    this.need(1);
    return this.buf.readUInt8(this.pos++);
  }
  u32() {
    this.need(4);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }
  u64() {
    this.need(8);
    const v = this.buf.readBigUInt64LE(this.pos);
    this.pos += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError("length out of range");
    return Number(v);
  }
  skip(n) {
    this.need(n);
    this.pos += n;
  }
  str(long) {
    const n = long ? this.u64() : this.u32();
    if (n > 1 << 20) throw new RangeError("string too long");
    this.need(n);
    const s = this.buf.toString("utf8", this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
  scalar(type, long) {
    switch (type) {
      case 0:
      case 1:
      case 7:
        this.need(1);
        return type === 1 ? this.buf.readInt8(this.pos++) : this.buf.readUInt8(this.pos++);
      case 2:
      case 3:
        this.need(2);
        this.pos += 2;
        return type === 2 ? this.buf.readUInt16LE(this.pos - 2) : this.buf.readInt16LE(this.pos - 2);
      case 4:
        return this.u32();
      case 5:
        this.need(4);
        this.pos += 4;
        return this.buf.readInt32LE(this.pos - 4);
      case 6:
        this.need(4);
        this.pos += 4;
        return this.buf.readFloatLE(this.pos - 4);
      case 8:
        return this.str(long);
      case 10:
      case 11:
        this.need(8);
        this.pos += 8;
        return Number(type === 10 ? this.buf.readBigUInt64LE(this.pos - 8) : this.buf.readBigInt64LE(this.pos - 8));
      case 12:
        this.need(8);
        this.pos += 8;
        return this.buf.readDoubleLE(this.pos - 8);
      default:
        throw new RangeError(`unknown value type ${type}`);
    }
  }
};
var FIXED_SIZE = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
function parseGgufHeader(bytes) {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 8 || buf.toString("latin1", 0, 4) !== "GGUF") throw new Error("no GGUF magic");
  const c = new Cursor(buf);
  c.skip(4);
  const version = c.u32();
  if (version < 1 || version > 3) throw new Error(`unsupported GGUF version ${version}`);
  const long = version >= 2;
  const kv = /* @__PURE__ */ new Map();
  let truncated = false;
  try {
    long ? c.u64() : c.u32();
    const count = long ? c.u64() : c.u32();
    for (let i = 0; i < count; i++) {
      const key = c.str(long);
      const type = c.u32();
      if (type === 9) {
        const itemType = c.u32();
        const n = long ? c.u64() : c.u32();
        if (FIXED_SIZE[itemType] !== void 0) c.skip(FIXED_SIZE[itemType] * n);
        else for (let j = 0; j < n; j++) c.scalar(itemType, long);
        kv.set(key, `[array of ${n}]`);
      } else {
        kv.set(key, c.scalar(type, long));
      }
    }
  } catch (error) {
    if (error instanceof RangeError && /end of data/.test(error.message)) truncated = true;
    else throw error;
  }
  return { version, kv, truncated };
}
async function readGgufFile(file) {
  const bytes = await file.readHead(GGUF_HEAD_BYTES);
  const base = file.path.split("/").pop() ?? file.path;
  const nameType = quantTypeFromName(base);
  const fromName = (why) => {
    if (!nameType) return { claims: [], skips: [{ file: file.path, line: 1, reason: `GGUF ${why}, and the file name has no quant tag`, unreadable: true }] };
    return { claims: [ggufClaim(file.path, nameType, METADATA, `GGUF file (${why}): quant tag ${nameType} in the file name`)], skips: [] };
  };
  if (isLfsPointer(bytes)) return fromName("as a Git LFS pointer: the header is not in the repository");
  let header;
  try {
    header = parseGgufHeader(bytes);
  } catch (error) {
    return { claims: [], skips: [{ file: file.path, line: 1, reason: `not a GGUF file: ${error instanceof Error ? error.message : String(error)}`, unreadable: true }] };
  }
  const ft = header.kv.get("general.file_type");
  const type = typeof ft === "number" ? FILE_TYPES[ft] ?? `file_type ${ft}` : void 0;
  if (!type) return fromName(header.truncated ? "header longer than the bytes read" : "header without general.file_type");
  const name = header.kv.get("general.name");
  return { claims: [ggufClaim(file.path, type, CONFIG, `GGUF v${header.version} header general.file_type: ${type}${typeof name === "string" ? ` (${name})` : ""}`)], skips: [] };
}
function ggufClaim(file, type, strength, reason) {
  const attrs = { bits: bitsOf(type), quant_method: "gguf", quant_type: type, tool: "llama.cpp" };
  if (UNQUANTIZED.has(type)) {
    return { file, line: 1, strength, signal: { type: "info" }, reason: `${reason}: unquantized conversion, not quantization`, attrs: { quant_type: type } };
  }
  return { file, line: 1, strength, signal: { type: "quantized", sub_kind: "gguf", method: "gguf" }, reason, attrs };
}

// src/core/detect/known-configs.ts
function describeUnrelatedConfig(d) {
  if (hasAny(d, ["zero_optimization", "train_micro_batch_size_per_gpu", "zero_allow_untested_optimizer"])) return "DeepSpeed runtime config";
  if (hasAny(d, ["compute_environment", "distributed_type"]) || isObj(d.deepspeed_config)) return "Accelerate launcher config";
  if (hasAny(d, ["tokenizer_class", "added_tokens_decoder", "model_max_length"]) || hasAny(d, ["bos_token", "eos_token"]) && hasAny(d, ["unk_token", "pad_token", "chat_template"]))
    return "tokenizer config";
  if (hasAny(d, ["_from_model_config", "do_sample", "max_new_tokens", "top_p", "top_k", "temperature", "repetition_penalty"]) && !hasAny(d, ["model_type", "architectures"]))
    return "generation config";
  if (hasAny(d, ["model", "models"]) && hasAny(d, ["command", "container", "served_model_name", "tensor_parallel_size", "gpu_memory_utilization"]))
    return "serving config";
  return void 0;
}

// src/core/detect/peft-adapter.ts
function layersOf(x) {
  if (typeof x === "number" && Number.isInteger(x)) return [x];
  if (Array.isArray(x) && x.every((v) => typeof v === "number" && Number.isInteger(v))) return x;
  return void 0;
}
function peftAttributes(c) {
  const peftType = str2(c.peft_type)?.toUpperCase() ?? (str2(c.name) ? str2(c.name).toUpperCase() : void 0);
  return {
    peft_type: peftType,
    lora_rank: num3(c.r) ?? num3(c.lora_rank),
    lora_alpha: num3(c.lora_alpha),
    lora_dropout: num3(c.lora_dropout),
    target_modules: strList(c.target_modules),
    layers: layersOf(c.layers_to_transform),
    dora: bool(c.use_dora) === true ? true : void 0,
    tool: "peft"
  };
}
function describe2(a) {
  const parts = [a.peft_type ?? "adapter"];
  if (a.dora) parts.push("(DoRA)");
  if (a.lora_rank !== void 0) parts.push(`r=${a.lora_rank}`);
  if (a.lora_alpha !== void 0) parts.push(`alpha ${a.lora_alpha}`);
  if (a.target_modules) parts.push(`targets ${a.target_modules.slice(0, 8).join(", ")}${a.target_modules.length > 8 ? ", ..." : ""}`);
  return parts.join(" ");
}
function baseNameClaims(ctx, path11, name) {
  if (!name) return [];
  const b = bitsFromModelName(name);
  if (!b) return [];
  return [
    claimAt(ctx, path11, METADATA, { type: "base-precision", bits: b.bits }, `base model ${name} is ${b.bits === 8 ? "an" : "a"} ${b.bits}-bit checkpoint ('${b.token}' in its id)`, {
      base_bits: b.bits
    })
  ];
}
function adapterClaims(ctx, c, path11, role, what) {
  const attrs = peftAttributes(c);
  const baseName = str2(c.base_model_name_or_path);
  const claims = [
    claimAt(
      ctx,
      [...path11, c.peft_type !== void 0 ? "peft_type" : "name"],
      CONFIG,
      { type: "adapter", role, peft_type: attrs.peft_type, dora: attrs.dora },
      `${what}: ${describe2(attrs)}`,
      { ...attrs, base_model: modelId(baseName) }
    )
  ];
  if (attrs.dora) claims.push(claimAt(ctx, [...path11, "use_dora"], CONFIG, { type: "info" }, "use_dora: true (DoRA: weight-decomposed LoRA)", { dora: true }));
  if (bool(c.use_qalora) === true) claims.push(claimAt(ctx, [...path11, "use_qalora"], CONFIG, { type: "info" }, "use_qalora: true (QA-LoRA, for a GPTQ-quantized base)"));
  const loftq = isObj(c.loftq_config) ? num3(c.loftq_config.loftq_bits) : void 0;
  if (str2(c.init_lora_weights) === "loftq" && loftq !== void 0) {
    claims.push(
      claimAt(ctx, [...path11, "loftq_config", "loftq_bits"], CONFIG, { type: "base-precision", bits: loftq }, `LoftQ initialization on ${loftq === 8 ? "an" : "a"} ${loftq}-bit quantized base`, {
        base_bits: loftq
      })
    );
  }
  claims.push(...baseNameClaims(ctx, [...path11, "base_model_name_or_path"], baseName));
  return claims;
}
var readPeftAdapterConfig = (ctx) => {
  if (!str2(ctx.data.peft_type)) return null;
  return adapterClaims(ctx, ctx.data, [], "shipped", "PEFT adapter config");
};
var readPeftRecipe = (ctx) => {
  const pc = ctx.data.peft_config;
  if (!isObj(pc) || !str2(pc.peft_type)) return null;
  const claims = adapterClaims(ctx, pc, ["peft_config"], "trained", "training recipe with a PEFT config");
  const args = isObj(ctx.data.training_args) ? ctx.data.training_args : ctx.data;
  const first = claims[0];
  first.attrs = {
    ...first.attrs,
    training_steps: num3(args.max_steps),
    epochs: num3(args.num_train_epochs),
    learning_rate: num3(args.learning_rate)
  };
  for (const k of Object.keys(first.attrs)) if (first.attrs[k] === void 0) delete first.attrs[k];
  return claims;
};

// src/core/detect/llama-factory.ts
var article = (n) => n === 8 || n === 11 || n === 18 ? "an" : "a";
var LF_KEYS = [
  "finetuning_type",
  "stage",
  "template",
  "export_dir",
  "adapter_name_or_path",
  "quantization_bit",
  "export_quantization_bit",
  "lora_target",
  "lora_rank",
  "infer_backend"
];
function isV1(d) {
  return typeof d.model === "string" && hasAny(d, ["peft_config", "quant_config", "train_dataset", "dist_config", "kernel_config", "model_class"]);
}
var readLlamaFactoryConfig = (ctx) => {
  const d = ctx.data;
  if (isV1(d)) return readV1(ctx);
  if (typeof d.model_name_or_path !== "string" || !hasAny(d, LF_KEYS)) return null;
  const model = str2(d.model_name_or_path);
  const common = {
    base_model: modelId(model),
    learning_rate: num3(d.learning_rate),
    epochs: num3(d.num_train_epochs),
    training_steps: num3(d.max_steps),
    tool: "llama-factory"
  };
  const claims = [];
  const adapterPath = str2(d.adapter_name_or_path);
  if (str2(d.export_dir)) {
    if (adapterPath) {
      claims.push(
        claimAt(ctx, ["adapter_name_or_path"], CONFIG, { type: "adapter-merged" }, `LLaMA-Factory export: adapter ${adapterPath} merged into ${model} and written to ${str2(d.export_dir)}`, common)
      );
    }
    const qbits2 = num3(d.export_quantization_bit);
    if (qbits2 !== void 0) {
      claims.push(
        claimAt(ctx, ["export_quantization_bit"], CONFIG, { type: "quantized", sub_kind: "gptq", method: "gptq" }, `LLaMA-Factory export_quantization_bit: ${qbits2} (GPTQ export)`, {
          ...common,
          bits: qbits2,
          quant_method: "gptq"
        })
      );
    }
    if (claims.length === 0) claims.push(claimAt(ctx, ["export_dir"], CONFIG, { type: "info" }, "LLaMA-Factory export without adapter or quantization: the weights are copied as they are", common));
    return claims;
  }
  const training = hasAny(d, ["stage", "do_train", "finetuning_type", "dataset", "num_train_epochs", "max_steps"]) && bool(d.do_train) !== false;
  if (!training) {
    const what = adapterPath ? `inference config loading adapter ${adapterPath}: it trains, merges and exports nothing` : "LLaMA-Factory config that trains, merges and exports nothing";
    return [claimAt(ctx, adapterPath ? ["adapter_name_or_path"] : ["model_name_or_path"], CONFIG, { type: "info" }, what, common)];
  }
  const declaredType = str2(d.finetuning_type)?.toLowerCase();
  const type = declaredType ?? "lora";
  const typePath = declaredType ? ["finetuning_type"] : ["stage"];
  const strength = declaredType ? CONFIG : METADATA;
  if (type === "full" || type === "freeze") {
    const partial = type === "freeze" ? " (freeze: a subset of layers is trained fully)" : "";
    claims.push(claimAt(ctx, typePath, strength, { type: "full-training" }, `LLaMA-Factory finetuning_type: ${type}${partial}`, common));
    if (bool(d.use_galore) === true) claims.push(claimAt(ctx, ["use_galore"], CONFIG, { type: "info" }, `GaLore (rank ${num3(d.galore_rank) ?? "?"}) projects optimizer states; all weights are still updated`));
    if (bool(d.fp8) === true) claims.push(claimAt(ctx, ["fp8"], CONFIG, { type: "info" }, "fp8: true is FP8 mixed-precision training, not a quantized release"));
    return claims;
  }
  const peftType = type === "lora" ? "LORA" : type.toUpperCase();
  const dora = bool(d.use_dora) === true ? true : void 0;
  const attrs = {
    ...common,
    peft_type: peftType,
    lora_rank: num3(d.lora_rank),
    lora_alpha: num3(d.lora_alpha),
    lora_dropout: num3(d.lora_dropout),
    target_modules: strList(d.lora_target),
    dora
  };
  const why = declaredType ? `LLaMA-Factory finetuning_type: ${type}` : "LLaMA-Factory training config without finetuning_type (the tool defaults to lora)";
  claims.push(claimAt(ctx, typePath, strength, { type: "adapter", role: "trained", peft_type: peftType, dora }, why, attrs));
  const qbits = num3(d.quantization_bit);
  if (qbits !== void 0) {
    const method = str2(d.quantization_method) ?? "bnb";
    claims.push(
      claimAt(ctx, ["quantization_bit"], CONFIG, { type: "base-precision", bits: qbits }, `quantization_bit: ${qbits} (${method}): the adapter trains on ${article(qbits)} ${qbits}-bit base`, {
        base_bits: qbits,
        quant_method: method === "bnb" ? "bitsandbytes" : method
      })
    );
  } else {
    claims.push(claimAt(ctx, typePath, CONFIG, { type: "base-precision", bits: null }, "no quantization_bit: the base is not quantized"));
  }
  claims.push(...baseNameClaims(ctx, ["model_name_or_path"], model));
  return claims;
};
function readV1(ctx) {
  const d = ctx.data;
  const model = str2(d.model);
  const common = {
    base_model: modelId(model),
    learning_rate: num3(d.learning_rate),
    training_steps: num3(d.max_steps),
    epochs: num3(d.num_train_epochs),
    tool: "llama-factory"
  };
  const pc = isObj(d.peft_config) ? d.peft_config : void 0;
  const exportDir = str2(pc?.export_dir) ?? str2(d.export_dir);
  if (pc && exportDir && str2(pc.adapter_name_or_path)) {
    return [
      claimAt(ctx, ["peft_config", "adapter_name_or_path"], CONFIG, { type: "adapter-merged" }, `LLaMA-Factory export: adapter ${str2(pc.adapter_name_or_path)} merged into ${model} and written to ${exportDir}`, common)
    ];
  }
  if (pc && str2(pc.name)) {
    const peftType = str2(pc.name).toUpperCase();
    const claims = [
      claimAt(ctx, ["peft_config", "name"], CONFIG, { type: "adapter", role: "trained", peft_type: peftType }, `LLaMA-Factory peft_config name: ${str2(pc.name)}`, {
        ...common,
        peft_type: peftType,
        lora_rank: num3(pc.r),
        lora_alpha: num3(pc.lora_alpha),
        lora_dropout: num3(pc.lora_dropout),
        target_modules: strList(pc.target_modules)
      })
    ];
    const qc = isObj(d.quant_config) ? d.quant_config : void 0;
    const qbits = qc ? num3(qc.quantization_bit) : void 0;
    if (qc && qbits !== void 0) {
      const method = str2(qc.name) ?? "bnb";
      claims.push(
        claimAt(ctx, ["quant_config", "quantization_bit"], CONFIG, { type: "base-precision", bits: qbits }, `quant_config ${method} quantization_bit: ${qbits}: the adapter trains on ${article(qbits)} ${qbits}-bit base`, {
          base_bits: qbits,
          quant_method: method === "bnb" ? "bitsandbytes" : method
        })
      );
    } else {
      claims.push(claimAt(ctx, ["peft_config"], CONFIG, { type: "base-precision", bits: null }, "no quant_config: the base is not quantized"));
    }
    claims.push(...baseNameClaims(ctx, ["model"], model));
    return claims;
  }
  if (d.train_dataset !== void 0) {
    return [claimAt(ctx, ["model"], CONFIG, { type: "full-training" }, `LLaMA-Factory (v1) training config without peft_config: all weights of ${model} are trained`, common)];
  }
  return [claimAt(ctx, ["model"], CONFIG, { type: "info" }, "LLaMA-Factory (v1) config that trains, merges and exports nothing", common)];
}
function llamaFactoryCliArgs(command) {
  const words = shellWords(command);
  const at = words.findIndex((w, i) => /(^|\/)llamafactory-cli$/.test(w) && (words[i + 1] === "train" || words[i + 1] === "export"));
  if (at < 0) return void 0;
  const out = {};
  if (words[at + 1] === "train") out.do_train = true;
  for (let i = at + 2; i < words.length; i++) {
    const w = words[i];
    if (w === ";") break;
    if (!w.startsWith("--")) continue;
    const eq = w.indexOf("=");
    if (eq > 2) {
      out[w.slice(2, eq)] = w.slice(eq + 1);
      continue;
    }
    const next = words[i + 1];
    if (next === void 0 || next === ";" || next.startsWith("--")) out[w.slice(2)] = true;
    else {
      out[w.slice(2)] = next;
      i++;
    }
  }
  return out;
}
function shellWords(text2) {
  const words = [];
  let cur = "";
  let quote2;
  let has = false;
  for (let i = 0; i < text2.length; i++) {
    const c = text2[i];
    if (quote2) {
      if (c === quote2) quote2 = void 0;
      else cur += c;
      continue;
    }
    if (c === "\\" && text2[i + 1] === "\n") {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      quote2 = c;
      has = true;
      continue;
    }
    if (/\s/.test(c) || c === ";" || c === "|" || c === "&" || c === "#" && !has) {
      if (has) words.push(cur);
      if (c === ";" || c === "|" || c === "&") words.push(";");
      cur = "";
      has = false;
      if (c === "#") {
        const nl = text2.indexOf("\n", i);
        if (nl < 0) break;
        i = nl;
      }
      continue;
    }
    cur += c;
    has = true;
  }
  if (has) words.push(cur);
  return words;
}

// src/core/detect/axolotl.ts
var AXOLOTL_KEYS = [
  "adapter",
  "datasets",
  "sequence_len",
  "micro_batch_size",
  "load_in_4bit",
  "load_in_8bit",
  "lora_r",
  "num_epochs",
  "rl",
  "pretraining_dataset",
  "sample_packing",
  "gradient_accumulation_steps"
];
var TRAINING_KEYS = ["datasets", "pretraining_dataset", "num_epochs", "max_steps", "learning_rate", "optimizer", "rl", "micro_batch_size"];
var readAxolotlConfig = (ctx) => {
  const d = ctx.data;
  if (typeof d.base_model !== "string" || d.merge_method !== void 0 || !hasAny(d, AXOLOTL_KEYS)) return null;
  const baseModel = str2(d.base_model);
  const common = {
    base_model: modelId(baseModel),
    learning_rate: num3(d.learning_rate),
    epochs: num3(d.num_epochs),
    training_steps: num3(d.max_steps),
    tool: "axolotl"
  };
  const claims = [];
  const adapter = str2(d.adapter)?.toLowerCase();
  const bnb = isObj(d.bnb_config_kwargs) ? d.bnb_config_kwargs : {};
  if (adapter) {
    const targets = strList(d.lora_target_modules) ?? strList(d.lora_target_parameters) ?? (bool(d.lora_target_linear) ? ["all-linear"] : void 0);
    const peftType = adapter === "lora" || adapter === "qlora" ? "LORA" : adapter.toUpperCase();
    const dora = bool(d.peft_use_dora) === true ? true : void 0;
    const attrs = {
      ...common,
      peft_type: peftType,
      lora_rank: num3(d.lora_r),
      lora_alpha: num3(d.lora_alpha),
      lora_dropout: num3(d.lora_dropout),
      target_modules: targets,
      dora
    };
    const rl2 = str2(d.rl) ? ` (${str2(d.rl)} RL)` : "";
    claims.push(claimAt(ctx, ["adapter"], CONFIG, { type: "adapter", role: "trained", peft_type: peftType, dora }, `axolotl recipe trains an adapter: adapter: ${adapter}${rl2}`, attrs));
    if (adapter === "qlora") {
      claims.push(claimAt(ctx, ["adapter"], CONFIG, { type: "base-precision", bits: 4 }, "adapter: qlora trains LoRA on a 4-bit quantized base", { base_bits: 4 }));
    }
    const quantType = str2(bnb.bnb_4bit_quant_type)?.toLowerCase() ?? "nf4";
    if (bool(d.load_in_4bit) === true) {
      claims.push(
        claimAt(ctx, ["load_in_4bit"], CONFIG, { type: "base-precision", bits: 4 }, `load_in_4bit: true (base loaded in 4-bit bitsandbytes ${quantType})`, {
          base_bits: 4,
          quant_method: "bitsandbytes",
          quant_type: quantType,
          double_quant: bool(bnb.bnb_4bit_use_double_quant)
        })
      );
    } else if (bool(d.load_in_8bit) === true) {
      claims.push(
        claimAt(ctx, ["load_in_8bit"], CONFIG, { type: "base-precision", bits: 8 }, "load_in_8bit: true (base loaded in 8-bit bitsandbytes)", {
          base_bits: 8,
          quant_method: "bitsandbytes",
          quant_type: "int8"
        })
      );
    } else if (adapter !== "qlora" && bool(d.load_in_4bit) === false && bool(d.load_in_8bit) !== true) {
      claims.push(claimAt(ctx, ["load_in_4bit"], CONFIG, { type: "base-precision", bits: null }, "load_in_4bit and load_in_8bit off: the base is not quantized"));
    }
    if (bool(d.gptq) === true) claims.push(claimAt(ctx, ["gptq"], CONFIG, { type: "info" }, "gptq: true (LoRA on a GPTQ-quantized base)", { quant_method: "gptq" }));
    claims.push(...baseNameClaims(ctx, ["base_model"], baseModel));
    return claims;
  }
  if (!hasAny(d, TRAINING_KEYS)) {
    return [claimAt(ctx, ["base_model"], CONFIG, { type: "info" }, "axolotl config without training settings", common)];
  }
  const rl = str2(d.rl) ? ` (${str2(d.rl)} RL)` : "";
  claims.push(claimAt(ctx, ["base_model"], CONFIG, { type: "full-training" }, `axolotl recipe without an adapter: all weights of ${baseModel} are trained${rl}`, common));
  if (d.model_quantization_config !== void 0) {
    const dequant = isObj(d.model_quantization_config_kwargs) && bool(d.model_quantization_config_kwargs.dequantize) === true;
    claims.push(
      claimAt(
        ctx,
        ["model_quantization_config"],
        CONFIG,
        { type: "info" },
        `model_quantization_config: ${str2(d.model_quantization_config) ?? "set"}${dequant ? " with dequantize: true (the checkpoint is dequantized for training; not a quantized release)" : ""}`
      )
    );
  }
  return claims;
};

// src/core/detect/mergekit.ts
function modelsOf(d) {
  const models = [];
  const weights = [];
  const add = (entry) => {
    if (!isObj(entry)) return;
    const name = str2(entry.model) ?? (isObj(entry.model) ? str2(entry.model.model) : void 0);
    if (name && !models.includes(name)) {
      models.push(name);
      const w = isObj(entry.parameters) ? num3(entry.parameters.weight) : void 0;
      if (w !== void 0) weights.push(w);
    }
  };
  if (Array.isArray(d.models)) d.models.forEach(add);
  if (Array.isArray(d.slices)) {
    for (const slice of d.slices) if (isObj(slice) && Array.isArray(slice.sources)) slice.sources.forEach(add);
  }
  if (Array.isArray(d.experts)) d.experts.forEach((e) => isObj(e) && str2(e.source_model) && add({ model: e.source_model }));
  return { models, weights: weights.length === models.length ? weights : [] };
}
var readMergekitConfig = (ctx) => {
  const d = ctx.data;
  const method = str2(d.merge_method);
  const moe = !method && Array.isArray(d.experts) && d.gate_mode !== void 0;
  if (!method && !moe) return null;
  const { models, weights } = modelsOf(d);
  const base = str2(d.base_model);
  const allModels = base && !models.includes(base) ? [base, ...models] : models;
  const attrs = {
    merge_method: method ?? "moe",
    models: allModels,
    merge_weights: weights,
    base_model: base,
    tool: "mergekit"
  };
  const what = method ? `merge_method: ${method}` : `mergekit-moe (gate_mode: ${str2(d.gate_mode) ?? "?"})`;
  const count = allModels.length > 0 ? ` of ${allModels.length} model${allModels.length === 1 ? "" : "s"}` : "";
  return [claimAt(ctx, method ? ["merge_method"] : ["experts"], CONFIG, { type: "model-merge" }, `mergekit config ${what}${count}`, attrs)];
};

// src/core/detect/transformers-config.ts
var FP8_METHODS = /* @__PURE__ */ new Set(["fp8", "fbgemm_fp8"]);
var DIRECT = { gptq: "gptq", awq: "awq", hqq: "hqq", torchao: "torchao", "compressed-tensors": "compressed-tensors", gguf: "gguf" };
function bitsFromName(name) {
  const m = /(?:int|uint|float|fp|nf|w|q|i)(\d{1,2})(?!\d)/i.exec(name) ?? /(\d{1,2})[-_ ]?bit/i.exec(name);
  const n = m ? Number(m[1]) : NaN;
  return n >= 1 && n <= 32 ? n : void 0;
}
function describeBits(attrs) {
  const parts = [];
  if (attrs.bits !== void 0) parts.push(`${attrs.bits}-bit`);
  if (attrs.quant_type) parts.push(attrs.quant_type);
  if (attrs.group_size !== void 0) parts.push(`group size ${attrs.group_size}`);
  return parts.join(", ");
}
function configGroupsWeights(groups) {
  if (!isObj(groups)) return void 0;
  for (const g2 of Object.values(groups)) {
    if (isObj(g2) && isObj(g2.weights)) return { weights: g2.weights, activations: isObj(g2.input_activations) ? g2.input_activations : void 0 };
  }
  return void 0;
}
function describeQuantization(qc) {
  const rawMethod = str2(qc.quant_method);
  const method = rawMethod?.toLowerCase();
  const isBnb = method === "bitsandbytes" || method === "bitsandbytes_4bit" || method === "bitsandbytes_8bit" || method === void 0 && hasAny(qc, ["load_in_4bit", "load_in_8bit", "bnb_4bit_quant_type", "_load_in_4bit"]);
  if (isBnb) {
    const four = bool(qc.load_in_4bit) ?? bool(qc._load_in_4bit) ?? method === "bitsandbytes_4bit";
    const eight = bool(qc.load_in_8bit) ?? bool(qc._load_in_8bit) ?? method === "bitsandbytes_8bit";
    if (four) {
      const type = (str2(qc.bnb_4bit_quant_type) ?? "fp4").toLowerCase();
      const attrs2 = { bits: 4, quant_method: "bitsandbytes", quant_type: type, double_quant: bool(qc.bnb_4bit_use_double_quant) };
      return { sub_kind: type === "nf4" ? "bnb-nf4" : "bnb-fp4", method: "bitsandbytes", attrs: attrs2, summary: `bitsandbytes 4-bit ${type}` };
    }
    if (eight) {
      return { sub_kind: "bnb-int8", method: "bitsandbytes", attrs: { bits: 8, quant_method: "bitsandbytes", quant_type: "int8" }, summary: "bitsandbytes 8-bit (LLM.int8)" };
    }
    return void 0;
  }
  if (method === "compressed-tensors" || method === void 0 && isObj(qc.config_groups)) {
    const g2 = configGroupsWeights(qc.config_groups);
    if (!g2) return void 0;
    const attrs2 = {
      bits: num3(g2.weights.num_bits),
      quant_method: "compressed-tensors",
      quant_type: str2(qc.format) ?? str2(g2.weights.type),
      group_size: num3(g2.weights.group_size)
    };
    return { sub_kind: "compressed-tensors", method: "compressed-tensors", attrs: attrs2, summary: `compressed-tensors ${describeBits(attrs2)}` };
  }
  if (method !== void 0 && FP8_METHODS.has(method)) {
    const block = Array.isArray(qc.weight_block_size) ? num3(qc.weight_block_size[0]) : void 0;
    const attrs2 = { bits: 8, quant_method: rawMethod, quant_type: str2(qc.fmt) ?? "float8", group_size: block };
    return { sub_kind: "fp8", method: rawMethod, attrs: attrs2, summary: `${rawMethod} 8-bit float` };
  }
  if (method === "hqq") {
    const wq = isObj(qc.quant_config) && isObj(qc.quant_config.weight_quant_params) ? qc.quant_config.weight_quant_params : qc;
    const attrs2 = { bits: num3(wq.nbits) ?? num3(qc.nbits), quant_method: "hqq", group_size: num3(wq.group_size) ?? num3(qc.group_size) };
    return { sub_kind: "hqq", method: "hqq", attrs: attrs2, summary: `hqq ${describeBits(attrs2)}` };
  }
  if (method === "torchao") {
    let type = str2(qc.quant_type);
    if (!type && isObj(qc.quant_type)) {
      const inner = isObj(qc.quant_type.default) ? qc.quant_type.default : qc.quant_type;
      type = str2(inner._type) ?? str2(inner.type);
    }
    const attrs2 = { bits: type ? bitsFromName(type) : void 0, quant_method: "torchao", quant_type: type, group_size: num3(qc.group_size) };
    return { sub_kind: "torchao", method: "torchao", attrs: attrs2, summary: `torchao ${type ?? ""}`.trim() };
  }
  if (method !== void 0 && DIRECT[method]) {
    const attrs2 = {
      bits: num3(qc.bits) ?? num3(qc.w_bit),
      quant_method: rawMethod,
      group_size: num3(qc.group_size) ?? num3(qc.q_group_size),
      quant_type: str2(qc.version) ? `${str2(qc.version)}`.toLowerCase() : void 0
    };
    return { sub_kind: DIRECT[method], method: rawMethod, attrs: attrs2, summary: `${rawMethod} ${describeBits(attrs2)}`.trim() };
  }
  if (method === void 0) {
    const bits = num3(qc.bits);
    if (bits === void 0) return void 0;
    const gptqLike = hasAny(qc, ["desc_act", "damp_percent", "true_sequential", "sym"]);
    const attrs2 = { bits, quant_method: gptqLike ? "gptq" : void 0, group_size: num3(qc.group_size) };
    return gptqLike ? { sub_kind: "gptq", method: "gptq", attrs: attrs2, summary: `GPTQ ${describeBits(attrs2)}` } : { sub_kind: "other", method: "unnamed", attrs: attrs2, summary: `unnamed quantization ${describeBits(attrs2)}` };
  }
  const weights = str2(qc.weights) ?? str2(qc.quant_algo) ?? str2(qc.weight_dtype);
  const attrs = {
    bits: num3(qc.bits) ?? num3(qc.nbits) ?? num3(qc.w_bit) ?? (weights ? bitsFromName(weights) : void 0),
    quant_method: rawMethod,
    quant_type: weights,
    group_size: num3(qc.group_size)
  };
  return { sub_kind: "other", method: rawMethod, attrs, summary: `${rawMethod} ${describeBits(attrs)}`.trim() };
}
var QUANT_KEYS = ["quantization_config", "compression_config"];
var MODEL_SHAPE_KEYS = ["hidden_size", "vocab_size", "num_hidden_layers", "n_layer", "d_model", "n_embd", "num_layers", "intermediate_size"];
function sameJson(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}
var readTransformersConfig = (ctx) => {
  const d = ctx.data;
  const key = QUANT_KEYS.find((k) => isObj(d[k]));
  const mlx = isObj(d.quantization) && num3(d.quantization.bits) !== void 0 ? d.quantization : void 0;
  const modelConfig = Array.isArray(d.architectures) || typeof d.model_type === "string" && hasAny(d, MODEL_SHAPE_KEYS);
  if (!key && !mlx && !modelConfig) return null;
  if (!modelConfig && hasAny(d, ["base_model", "datasets", "model_name_or_path"])) return null;
  const modelType = str2(d.model_type);
  const dtype = str2(d.torch_dtype) ?? str2(d.dtype);
  const base = isObj(ctx.baseData) ? ctx.baseData : void 0;
  const qc = key ? d[key] : mlx;
  if (qc) {
    const where = key ?? "quantization";
    const desc = key ? describeQuantization(qc) : { sub_kind: "other", method: "mlx", attrs: { bits: num3(qc.bits), group_size: num3(qc.group_size), quant_method: "mlx" }, summary: `mlx ${num3(qc.bits)}-bit` };
    if (!desc) {
      return [claimAt(ctx, [where], CONFIG, { type: "info" }, `model config ${where} quantizes no weights (${str2(qc.quant_method) ?? "no quant_method"})`)];
    }
    if (base && key && sameJson(base[key], qc)) {
      return [
        claimAt(ctx, [where], CONFIG, { type: "info" }, `${where} unchanged from the base (${desc.summary}): the model was already quantized`)
      ];
    }
    const path11 = key && str2(qc.quant_method) !== void 0 ? [where, "quant_method"] : [where];
    const legacy = key === "compression_config" ? " (legacy key compression_config)" : "";
    return [
      claimAt(ctx, path11, CONFIG, { type: "quantized", sub_kind: desc.sub_kind, method: desc.method }, `model config ${where}: ${desc.summary}${legacy}`, desc.attrs)
    ];
  }
  if (base && (isObj(base.quantization_config) || isObj(base.compression_config))) {
    return [claimAt(ctx, [], CONFIG, { type: "info" }, "quantization_config removed from the model config: the weights are no longer quantized")];
  }
  const changedDtype = base && str2(base.torch_dtype) && dtype && str2(base.torch_dtype) !== dtype ? ` (was ${str2(base.torch_dtype)})` : "";
  const dtypePath = d.torch_dtype !== void 0 ? ["torch_dtype"] : d.dtype !== void 0 ? ["dtype"] : [];
  return [
    claimAt(
      ctx,
      dtypePath,
      CONFIG,
      { type: "info" },
      `model config${modelType ? ` (${modelType})` : ""} has no quantization_config${dtype ? ` (dtype ${dtype}${changedDtype})` : ""}`
    )
  ];
};

// src/core/detect/quant-configs.ts
var readQuantizeConfig = (ctx) => {
  const d = ctx.data;
  if (hasAny(d, ["model_type", "architectures", "peft_type"])) return null;
  if (num3(d.w_bit) !== void 0 || num3(d.q_group_size) !== void 0) {
    const attrs2 = {
      bits: num3(d.w_bit),
      group_size: num3(d.q_group_size),
      quant_method: "awq",
      quant_type: str2(d.version)?.toLowerCase(),
      tool: "autoawq"
    };
    const path11 = d.w_bit !== void 0 ? ["w_bit"] : ["q_group_size"];
    return [claimAt(ctx, path11, CONFIG, { type: "quantized", sub_kind: "awq", method: "awq" }, `AutoAWQ quant config: ${attrs2.bits ?? "?"}-bit, group size ${attrs2.group_size ?? "?"}`, attrs2)];
  }
  const hasMethod = str2(d.quant_method) !== void 0;
  const gptqShape = num3(d.bits) !== void 0 && hasAny(d, ["group_size", "desc_act", "damp_percent", "sym", "true_sequential"]);
  if (!hasMethod && !gptqShape) return null;
  const desc = describeQuantization(d);
  if (!desc) return [claimAt(ctx, hasMethod ? ["quant_method"] : [], CONFIG, { type: "info" }, "quantization config that quantizes no weights")];
  const tool = str2(d.checkpoint_format) !== void 0 ? "gptqmodel" : hasMethod ? void 0 : "autogptq";
  const label = hasMethod ? `quantization config: ${desc.summary}` : `AutoGPTQ quantize config: ${desc.summary}`;
  const attrs = { ...desc.attrs, tool };
  return [claimAt(ctx, hasMethod ? ["quant_method"] : ["bits"], CONFIG, { type: "quantized", sub_kind: desc.sub_kind, method: desc.method }, label, attrs)];
};
function findWeightType(d) {
  if (str2(d.weight_type)) return { path: ["weight_type"], value: str2(d.weight_type) };
  if (isObj(d.per_model_config)) {
    for (const [name, cfg] of Object.entries(d.per_model_config)) {
      if (isObj(cfg) && str2(cfg.weight_type)) return { path: ["per_model_config", name, "weight_type"], value: str2(cfg.weight_type) };
    }
  }
  if (isObj(d.quantization)) {
    const q = d.quantization;
    const w = str2(q.weights_dtype) ?? str2(q.weight_type);
    if (w) return { path: ["quantization", q.weights_dtype !== void 0 ? "weights_dtype" : "weight_type"], value: w };
  }
  return void 0;
}
var readOnnxQuantConfig = (ctx) => {
  const d = ctx.data;
  const wt = findWeightType(d);
  if (!wt) return null;
  const isStatic = typeof d.is_static === "boolean" ? d.is_static : isObj(d.quantization) && typeof d.quantization.is_static === "boolean" ? d.quantization.is_static : void 0;
  const bitsMatch = /(\d{1,2})/.exec(wt.value);
  const attrs = { bits: bitsMatch ? Number(bitsMatch[1]) : void 0, quant_method: "onnx", quant_type: wt.value, tool: "optimum" };
  const mode = isStatic === void 0 ? "" : isStatic ? " static" : " dynamic";
  return [claimAt(ctx, wt.path, CONFIG, { type: "quantized", sub_kind: "other", method: "onnx" }, `ONNX Runtime${mode} quantization config: weights ${wt.value}`, attrs)];
};
var QUANT_MODIFIERS = /* @__PURE__ */ new Set(["QuantizationModifier", "GPTQModifier", "AWQModifier"]);
var ALGORITHMS = {
  GPTQModifier: "GPTQ",
  AWQModifier: "AWQ",
  SmoothQuantModifier: "SmoothQuant",
  SpinQuantModifier: "SpinQuant",
  QuIPModifier: "QuIP"
};
function findModifiers(node, path11, depth, out) {
  if (depth > 3) return;
  if (Array.isArray(node)) {
    node.forEach((item, i) => findModifiers(item, [...path11, i], depth + 1, out));
    return;
  }
  if (!isObj(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (/Modifier$/.test(key)) out.push({ name: key, body: isObj(value) ? value : {}, path: [...path11, key] });
    else findModifiers(value, [...path11, key], depth + 1, out);
  }
}
function bitsFromScheme(scheme) {
  const s = scheme.toUpperCase();
  if (/^FP8/.test(s)) return { bits: 8, type: "float" };
  if (/^NVFP4|^MXFP4/.test(s)) return { bits: 4, type: "float" };
  const w = /^W(\d+)A/.exec(s);
  if (w) return { bits: Number(w[1]), type: "int" };
  return {};
}
var readLlmCompressorRecipe = (ctx) => {
  const found = [];
  findModifiers(ctx.data, [], 0, found);
  if (found.length === 0) return null;
  const algorithms = found.map((m) => ALGORITHMS[m.name]).filter((a) => a !== void 0);
  const quant = found.find((m) => QUANT_MODIFIERS.has(m.name) && (str2(m.body.scheme) || isObj(m.body.config_groups) || m.name === "GPTQModifier"));
  if (!quant) {
    return [claimAt(ctx, found[0].path, CONFIG, { type: "info" }, `llm-compressor recipe without weight quantization (${found.map((m) => m.name).join(", ")})`)];
  }
  let bits;
  let type;
  let group;
  let scheme;
  for (const m of found.filter((f) => QUANT_MODIFIERS.has(f.name))) {
    const g2 = configGroupsWeights(m.body.config_groups);
    if (g2 && bits === void 0) {
      bits = num3(g2.weights.num_bits);
      type = str2(g2.weights.type);
      group = num3(g2.weights.group_size);
    }
    if (str2(m.body.scheme) && scheme === void 0) scheme = str2(m.body.scheme);
  }
  if (bits === void 0 && scheme) ({ bits, type } = bitsFromScheme(scheme));
  const attrs = {
    bits,
    quant_method: "compressed-tensors",
    quant_type: scheme ?? type,
    group_size: group,
    quant_algorithm: algorithms.length > 0 ? [...new Set(algorithms)].join("+") : void 0,
    tool: "llm-compressor"
  };
  const what = [scheme, bits !== void 0 ? `${bits}-bit ${type ?? ""}`.trim() : void 0, attrs.quant_algorithm].filter(Boolean).join(", ");
  return [
    claimAt(ctx, quant.path, CONFIG, { type: "quantized", sub_kind: "compressed-tensors", method: "compressed-tensors" }, `llm-compressor recipe ${quant.name}${what ? ` (${what})` : ""}: saves a compressed-tensors checkpoint`, attrs)
  ];
};

// src/core/detect/torchtune-trl.ts
var readTorchtuneConfig = (ctx) => {
  const d = ctx.data;
  const model = isObj(d.model) ? d.model : void 0;
  const component = model ? str2(model._component_) : void 0;
  const quantizer = isObj(d.quantizer) ? str2(d.quantizer._component_) : void 0;
  const isTorchtune = component && component.startsWith("torchtune.") || quantizer && quantizer.startsWith("torchtune.");
  if (!isTorchtune) return null;
  const optimizer = isObj(d.optimizer) ? d.optimizer : void 0;
  const common = {
    learning_rate: num3(optimizer?.lr),
    epochs: num3(d.epochs),
    tool: "torchtune"
  };
  if (quantizer) {
    const bitsMatch = /int(\d+)|(\d+)[-_]?bit|float(\d+)/i.exec(quantizer);
    const bits = bitsMatch ? Number(bitsMatch[1] ?? bitsMatch[2] ?? bitsMatch[3]) : void 0;
    const name = quantizer.split(".").pop();
    return [
      claimAt(ctx, ["quantizer", "_component_"], CONFIG, { type: "quantized", sub_kind: "torchao", method: "torchao" }, `torchtune quantizer ${name} (torchao)`, {
        ...common,
        bits,
        quant_method: "torchao",
        quant_type: name,
        group_size: num3(d.quantizer.groupsize)
      })
    ];
  }
  const builder = component.split(".").pop();
  const modules = strList(model.lora_attn_modules);
  const targets = modules ? [...modules, ...bool(model.apply_lora_to_mlp) ? ["mlp"] : [], ...bool(model.apply_lora_to_output) ? ["output"] : []] : void 0;
  const adapterAttrs = {
    ...common,
    peft_type: "LORA",
    lora_rank: num3(model.lora_rank),
    lora_alpha: num3(model.lora_alpha),
    lora_dropout: num3(model.lora_dropout),
    target_modules: targets,
    dora: bool(model.use_dora) === true ? true : void 0
  };
  const path11 = ["model", "_component_"];
  if (/^qlora_/.test(builder)) {
    return [
      claimAt(ctx, path11, CONFIG, { type: "adapter", role: "trained", peft_type: "LORA", dora: adapterAttrs.dora }, `torchtune builder ${builder}: LoRA training`, adapterAttrs),
      claimAt(ctx, path11, CONFIG, { type: "base-precision", bits: 4 }, `torchtune ${builder} builds the frozen base in NF4 (QLoRA)`, { base_bits: 4, quant_type: "nf4" })
    ];
  }
  if (/^lora_/.test(builder)) {
    const saveOnly = bool(d.save_adapter_weights_only);
    const claims = [claimAt(ctx, path11, CONFIG, { type: "adapter", role: "trained", peft_type: "LORA", dora: adapterAttrs.dora }, `torchtune builder ${builder}: LoRA training`, adapterAttrs)];
    claims.push(claimAt(ctx, path11, CONFIG, { type: "base-precision", bits: null }, `torchtune ${builder} keeps the base unquantized`));
    if (saveOnly !== void 0) {
      claims.push(claimAt(ctx, ["save_adapter_weights_only"], CONFIG, { type: "info" }, `save_adapter_weights_only: ${saveOnly}${saveOnly ? " (the adapter ships unmerged)" : " (merged weights are also written)"}`));
    }
    return claims;
  }
  if (optimizer || hasAny(d, ["epochs", "max_steps_per_epoch"])) {
    return [claimAt(ctx, path11, CONFIG, { type: "full-training" }, `torchtune builder ${builder} without LoRA: all weights are trained`, common)];
  }
  return [claimAt(ctx, path11, CONFIG, { type: "info" }, `torchtune config for ${builder} without training (generation or evaluation)`)];
};
var LF_ONLY = ["finetuning_type", "stage", "template", "export_dir", "quantization_bit"];
var readTrlConfig = (ctx) => {
  const d = ctx.data;
  if (typeof d.model_name_or_path !== "string" || hasAny(d, LF_ONLY)) return null;
  if (!hasAny(d, ["dataset_name", "use_peft", "lora_r", "learning_rate", "num_train_epochs", "max_steps", "per_device_train_batch_size"])) return null;
  const model = str2(d.model_name_or_path);
  const common = {
    base_model: modelId(model),
    learning_rate: num3(d.learning_rate),
    epochs: num3(d.num_train_epochs),
    training_steps: num3(d.max_steps),
    tool: "trl"
  };
  if (bool(d.use_peft) === true) {
    const dora = bool(d.use_dora) === true ? true : void 0;
    const claims = [
      claimAt(ctx, ["use_peft"], CONFIG, { type: "adapter", role: "trained", peft_type: "LORA", dora }, "TRL config with use_peft: true trains a LoRA adapter", {
        ...common,
        peft_type: "LORA",
        lora_rank: num3(d.lora_r),
        lora_alpha: num3(d.lora_alpha),
        lora_dropout: num3(d.lora_dropout),
        target_modules: strList(d.lora_target_modules),
        dora
      })
    ];
    if (bool(d.load_in_4bit) === true) {
      const type = str2(d.bnb_4bit_quant_type) ?? "nf4";
      claims.push(claimAt(ctx, ["load_in_4bit"], CONFIG, { type: "base-precision", bits: 4 }, `load_in_4bit: true (4-bit ${type} base)`, { base_bits: 4, quant_method: "bitsandbytes", quant_type: type }));
    } else if (bool(d.load_in_8bit) === true) {
      claims.push(claimAt(ctx, ["load_in_8bit"], CONFIG, { type: "base-precision", bits: 8 }, "load_in_8bit: true (8-bit base)", { base_bits: 8, quant_method: "bitsandbytes", quant_type: "int8" }));
    } else {
      claims.push(claimAt(ctx, ["use_peft"], CONFIG, { type: "base-precision", bits: null }, "neither load_in_4bit nor load_in_8bit: the base is not quantized"));
    }
    claims.push(...baseNameClaims(ctx, ["model_name_or_path"], model));
    return claims;
  }
  return [claimAt(ctx, ["model_name_or_path"], CONFIG, { type: "full-training" }, `TRL config without use_peft: all weights of ${model} are trained`, common)];
};

// src/core/detect/readers.ts
var DOC_READERS = [
  ["peft", readPeftAdapterConfig],
  ["transformers", readTransformersConfig],
  ["quantize-config", readQuantizeConfig],
  ["onnx-quant", readOnnxQuantConfig],
  ["mergekit", readMergekitConfig],
  ["llama-factory", readLlamaFactoryConfig],
  ["axolotl", readAxolotlConfig],
  ["torchtune", readTorchtuneConfig],
  ["trl", readTrlConfig],
  ["llm-compressor", readLlmCompressorRecipe],
  ["peft-recipe", readPeftRecipe]
];
function readDocument(ctx) {
  for (const [, reader] of DOC_READERS) {
    const claims = reader(ctx);
    if (claims) return claims;
  }
  return null;
}

// src/core/detect/model-card.ts
var MAX_CODE_BLOCKS = 64;
var MAX_PROSE_LINES = 5e3;
var MAX_EMBEDDED_YAML = 256 * 1024;
var RECIPE_KEYS = /^(merge_method|base_model|adapter|finetuning_type|model_name_or_path|slices|models|peft_config|quantization_config|load_in_4bit|lora_r)\s*:/m;
function isModelCard(path11, text2) {
  const name = (path11.split("/").pop() ?? path11).toLowerCase();
  if (name === "readme.md" || name === "model_card.md" || name === "modelcard.md") return true;
  return /^---\r?\n[\s\S]*?^(base_model|base_model_relation|library_name|model-index|quantized_by)\s*:/m.test(text2.slice(0, 4e3));
}
function readModelCard(file, source) {
  const claims = [];
  const skips = [];
  const lines = source.split(/\r?\n/);
  const mkDoc = (doc, embedded) => isObj(doc.data) ? { file, doc, data: doc.data, embedded } : void 0;
  let bodyStart = 0;
  let frontMatter;
  if (lines.length > 0 && lines[0].trim() === "---") {
    const close = lines.findIndex((l, i) => i > 0 && (l.trim() === "---" || l.trim() === "..."));
    const fmText = close > 0 ? lines.slice(1, close).join("\n") : "";
    if (close > 0 && fmText.length > MAX_EMBEDDED_YAML) {
      skips.push({ file, line: 1, reason: `model card front matter is over ${MAX_EMBEDDED_YAML / 1024} KiB; not read`, unreadable: true });
      bodyStart = close + 1;
    } else if (close > 0) {
      const parsed = parseStructured(fmText, { lineOffset: 1 });
      if (parsed.error) skips.push({ file, line: parsed.error.line, reason: `model card front matter is not valid YAML: ${parsed.error.message}`, unreadable: true });
      const ctx = parsed.docs[0] ? mkDoc(parsed.docs[0], true) : void 0;
      if (ctx) {
        frontMatter = ctx.data;
        claims.push(...frontMatterClaims(ctx));
      }
      bodyStart = close + 1;
    } else {
      const rest = lines.slice(1).join("\n");
      const parsed = rest.length <= MAX_EMBEDDED_YAML ? parseStructured(rest, { lineOffset: 1 }) : { docs: [] };
      const ctx = parsed.docs[0] ? mkDoc(parsed.docs[0], true) : void 0;
      if (ctx && !parsed.error) {
        const cardYaml = yamlCardClaims(ctx);
        claims.push(...cardYaml.length > 0 ? cardYaml : readDocument(ctx) ?? []);
      }
      bodyStart = 1;
    }
  }
  const body = stripHtmlComments(lines.slice(bodyStart)).map((text2, i) => ({ no: bodyStart + i + 1, text: text2 }));
  const prose = [];
  let fence;
  let original = false;
  let blocks = 0;
  let truncated = false;
  for (const line of body) {
    if (fence) {
      const close = /^\s{0,3}(`{3,}|~{3,})\s*$/.exec(line.text);
      if (close && close[1][0] === fence.marker[0] && close[1].length >= fence.marker.length) {
        if (!original && ++blocks <= MAX_CODE_BLOCKS) claims.push(...codeBlockClaims(file, fence.lang, fence.start, fence.lines));
        fence = void 0;
      } else fence.lines.push(line.text);
      continue;
    }
    const open3 = /^\s{0,3}(`{3,}|~{3,})\s*([\w+.-]*)/.exec(line.text);
    if (open3) {
      fence = { marker: open3[1], lang: open3[2].toLowerCase(), start: line.no, lines: [] };
      continue;
    }
    if (/^\s{0,3}#{1,6}\s.*\boriginal model card\b/i.test(line.text)) original = true;
    if (!original && prose.length < MAX_PROSE_LINES) prose.push(line);
    else if (!original && prose.length === MAX_PROSE_LINES && !truncated) {
      truncated = true;
      skips.push({ file, line: line.no, reason: `model card prose read up to line ${line.no - 1} (${MAX_PROSE_LINES} lines); the rest is not read`, unreadable: false });
    }
  }
  if (fence && !original && ++blocks <= MAX_CODE_BLOCKS) claims.push(...codeBlockClaims(file, fence.lang, fence.start, fence.lines));
  const bodyText = bodyStart < lines.length ? lines.slice(bodyStart).join("\n") : "";
  if (bodyText.length <= MAX_EMBEDDED_YAML && RECIPE_KEYS.test(bodyText)) {
    const parsed = parseStructured(bodyText, { lineOffset: bodyStart });
    const ctx = parsed.docs.length === 1 && !parsed.error ? mkDoc(parsed.docs[0], true) : void 0;
    const read = ctx ? readDocument(ctx) : null;
    if (read) claims.push(...read);
  }
  claims.push(...peftTrainingQuantClaims(file, prose));
  const adapterCard = isAdapterCard(frontMatter);
  const proseClaims = prose.flatMap((line) => proseLineClaims(file, line, adapterCard));
  const kinds = new Set(proseClaims.filter((c) => c.strength === PROSE).map((c) => PROSE_KIND[c.signal.type]).filter(Boolean));
  if (kinds.size >= 3) {
    skips.push({ file, line: proseClaims[0].line, reason: `model card prose speaks of several kinds of update (${[...kinds].join(", ")}); not used as a statement about this model`, unreadable: false });
    claims.push(...proseClaims.filter((c) => c.strength !== PROSE));
  } else claims.push(...proseClaims);
  return { claims: dedupe2(claims), skips };
}
function dedupe2(claims) {
  const seen = /* @__PURE__ */ new Set();
  return claims.filter((c) => {
    const key = `${c.line}\0${c.reason}\0${c.signal.type}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
function stripHtmlComments(lines) {
  const out = [];
  let inComment = false;
  for (const raw of lines) {
    let text2 = "";
    let rest = raw;
    while (rest.length > 0) {
      if (inComment) {
        const end = rest.indexOf("-->");
        if (end < 0) {
          rest = "";
          break;
        }
        rest = rest.slice(end + 3);
        inComment = false;
      } else {
        const start = rest.indexOf("<!--");
        if (start < 0) {
          text2 += rest;
          break;
        }
        text2 += rest.slice(0, start) + " ";
        rest = rest.slice(start + 4);
        inComment = true;
      }
    }
    out.push(text2);
  }
  return out;
}
var QUANT_TAGS = {
  gguf: "gguf",
  gptq: "gptq",
  awq: "awq",
  exl2: "other",
  hqq: "hqq",
  "compressed-tensors": "compressed-tensors",
  fp8: "fp8",
  torchao: "torchao",
  mlx: "other",
  quantized: void 0
};
function subKindFromWords(text2) {
  const t = text2.toLowerCase();
  const bitsM = /(\d{1,2})[- ]?bit\b/.exec(t);
  const bits = bitsM ? Number(bitsM[1]) : void 0;
  const ggufType = /\b(i?q\d_(?:k(?:_[sml])?|[01]|xxs|xs|s|m|nl)|tq\d_0)\b/.exec(t);
  if (/\bgguf\b|\bllama\.cpp\b/.test(t) || ggufType) {
    return { sub_kind: "gguf", bits: bits ?? (ggufType ? Number(/\d/.exec(ggufType[1])[0]) : void 0), quant_type: ggufType?.[1].toUpperCase() };
  }
  if (/\bgptq\b/.test(t)) return { sub_kind: "gptq", bits };
  if (/\bawq\b/.test(t)) return { sub_kind: "awq", bits };
  if (/\bnf4\b/.test(t)) return { sub_kind: "bnb-nf4", bits: 4, quant_type: "nf4" };
  if (/\bbitsandbytes\b|\bbnb\b/.test(t)) {
    if (/\bfp4\b/.test(t)) return { sub_kind: "bnb-fp4", bits: 4, quant_type: "fp4" };
    if (/\bint8\b|\b8-?bit\b|llm\.int8/.test(t)) return { sub_kind: "bnb-int8", bits: 8, quant_type: "int8" };
    return { bits };
  }
  if (/\bcompressed-tensors\b/.test(t)) return { sub_kind: "compressed-tensors", bits };
  if (/\bfp8\b/.test(t)) return { sub_kind: "fp8", bits: 8 };
  if (/\bhqq\b/.test(t)) return { sub_kind: "hqq", bits };
  if (/\btorchao\b/.test(t)) return { sub_kind: "torchao", bits };
  if (/\b(exl2|mlx|ggml|aqlm|quanto|eetq)\b/.test(t)) return { sub_kind: "other", bits };
  return { bits };
}
function isAdapterCard(fm) {
  if (!fm) return false;
  const tags = (strList(fm.tags) ?? []).map((t) => t.toLowerCase());
  return str2(fm.base_model_relation)?.toLowerCase() === "adapter" || str2(fm.library_name)?.toLowerCase() === "peft" || tags.some((t) => ["lora", "qlora", "peft", "dora"].includes(t));
}
function frontMatterClaims(ctx) {
  const fm = ctx.data;
  const claims = [];
  const at = (path11, strength, signal, reason, attrs) => ({
    file: ctx.file,
    line: ctx.doc.lineAt(...path11),
    strength,
    signal,
    reason,
    attrs
  });
  const bases = strList(fm.base_model);
  if (bases) {
    const attrs = { base_model: modelId(bases[0]) ?? bases[0] };
    if (bases.length > 1) attrs.models = bases;
    claims.push(at(["base_model"], METADATA, { type: "info" }, `card base_model: ${bases.join(", ")}`, attrs));
  }
  const tags = strList(fm.tags) ?? [];
  const lower = tags.map((t) => t.toLowerCase());
  const tagAt = (name) => ["tags", lower.indexOf(name)];
  const adapterCard = isAdapterCard(fm);
  const quantWords = lower.filter((t) => t in QUANT_TAGS || /^(bitsandbytes|nf4|fp4|int8|int4|[48]-?bit|q\d_k(_[sml])?|q\d_0)$/.test(t));
  const fromTags = subKindFromWords(quantWords.join(" "));
  const relation = str2(fm.base_model_relation)?.toLowerCase();
  if (relation === "adapter") claims.push(at(["base_model_relation"], METADATA, { type: "adapter", role: "shipped" }, "card base_model_relation: adapter"));
  else if (relation === "quantized") {
    claims.push(
      at(["base_model_relation"], METADATA, { type: "quantized", sub_kind: fromTags.sub_kind }, `card base_model_relation: quantized${quantWords.length ? ` (tags ${quantWords.join(", ")})` : ""}`, {
        bits: fromTags.bits,
        quant_type: fromTags.quant_type
      })
    );
  } else if (relation === "finetune") claims.push(at(["base_model_relation"], METADATA, { type: "trained" }, "card base_model_relation: finetune (weights trained)"));
  else if (relation === "merge") claims.push(at(["base_model_relation"], METADATA, { type: "model-merge" }, "card base_model_relation: merge"));
  if (str2(fm.library_name)?.toLowerCase() === "peft" && relation !== "adapter") {
    claims.push(at(["library_name"], METADATA, { type: "adapter", role: "shipped" }, "card library_name: peft (a PEFT adapter)"));
  }
  if (str2(fm.quantized_by)) {
    claims.push(at(["quantized_by"], METADATA, { type: "quantized", sub_kind: fromTags.sub_kind }, `card quantized_by: ${str2(fm.quantized_by)}`, { bits: fromTags.bits }));
  }
  if (lower.includes("qlora")) {
    claims.push(at(tagAt("qlora"), METADATA, { type: "adapter", role: "trained" }, "card tag qlora"));
    claims.push(at(tagAt("qlora"), METADATA, { type: "base-precision", bits: 4 }, "card tag qlora: LoRA on a 4-bit base", { base_bits: 4 }));
  }
  const loraTag = lower.find((t) => t === "lora" || t === "dora" || t === "peft");
  if (loraTag && relation !== "adapter") claims.push(at(tagAt(loraTag), METADATA, { type: "adapter", role: "trained" }, `card tag ${loraTag}`));
  const mergedTag = lower.find((t) => /^(merged[-_]lora|lora[-_]merged|merged[-_]adapter)$/.test(t));
  if (mergedTag) claims.push(at(tagAt(mergedTag), METADATA, { type: "adapter-merged" }, `card tag ${mergedTag}`));
  const mergekitTag = lower.find((t) => t === "mergekit" || t === "lazymergekit");
  if (mergekitTag && relation !== "merge") claims.push(at(tagAt(mergekitTag), METADATA, { type: "model-merge" }, `card tag ${mergekitTag}`));
  else if (!mergekitTag && lower.includes("merge") && relation !== "merge") claims.push(at(tagAt("merge"), PROSE, { type: "model-merge" }, "card tag merge"));
  if (adapterCard) {
    const b = quantWords.length > 0 ? fromTags.bits : void 0;
    if (b !== void 0) claims.push(at(tagAt(quantWords[0]), METADATA, { type: "base-precision", bits: b }, `card tags ${quantWords.join(", ")} on an adapter: a ${b}-bit base`, { base_bits: b }));
  } else if (relation !== "quantized" && !str2(fm.quantized_by)) {
    const tag = lower.find((t) => t in QUANT_TAGS);
    if (tag) {
      claims.push(
        at(tagAt(tag), METADATA, { type: "quantized", sub_kind: fromTags.sub_kind }, `card tags ${quantWords.join(", ")}`, { bits: fromTags.bits, quant_type: fromTags.quant_type })
      );
    }
  }
  return claims;
}
function yamlCardClaims(ctx) {
  const d = ctx.data;
  const claims = [];
  const peft = d.PEFT !== void 0 || d.peft_version !== void 0 || str2(d.library_name)?.toLowerCase() === "peft" || str2(d.name)?.toLowerCase() === "peft";
  if (peft) {
    const key = d.PEFT !== void 0 ? "PEFT" : d.peft_version !== void 0 ? "peft_version" : d.library_name !== void 0 ? "library_name" : "name";
    claims.push({ file: ctx.file, line: ctx.doc.lineAt(key), strength: METADATA, signal: { type: "adapter", role: "shipped" }, reason: `card names PEFT (${key})` });
  }
  if (isObj(d.quantization_config)) {
    const q = describeQuantization(d.quantization_config);
    if (q) {
      const path11 = ["quantization_config", q.attrs.bits === 8 ? "load_in_8bit" : "load_in_4bit"];
      claims.push({
        file: ctx.file,
        line: ctx.doc.lineAt(...path11),
        strength: METADATA,
        signal: peft ? { type: "base-precision", bits: q.attrs.bits ?? null } : { type: "quantized", sub_kind: q.sub_kind, method: q.method },
        reason: peft ? `card training quantization_config: ${q.summary} (the adapter's base)` : `card quantization_config: ${q.summary}`,
        attrs: peft ? { base_bits: q.attrs.bits, quant_method: q.attrs.quant_method, quant_type: q.attrs.quant_type, double_quant: q.attrs.double_quant } : q.attrs
      });
    }
  }
  return claims;
}
var SHELL_LANGS = /* @__PURE__ */ new Set(["", "bash", "sh", "shell", "console", "zsh", "text"]);
function codeBlockClaims(file, lang, fenceLine, lines) {
  const text2 = lines.join("\n");
  const claims = [];
  if (text2.length > MAX_EMBEDDED_YAML) return claims;
  if (lang === "yaml" || lang === "yml" || lang === "" && RECIPE_KEYS.test(text2)) {
    const parsed = parseStructured(text2, { lineOffset: fenceLine, tolerant: true });
    for (const doc of parsed.docs) {
      if (!isObj(doc.data)) continue;
      const read = readDocument({ file, doc, data: doc.data, embedded: true });
      if (read) claims.push(...read);
    }
    if (claims.length > 0) return claims;
  }
  if (SHELL_LANGS.has(lang) && /llamafactory-cli/.test(text2)) {
    const idx = lines.findIndex((l) => /llamafactory-cli\s+(train|export)/.test(l));
    const args = llamaFactoryCliArgs(text2);
    if (args && idx >= 0) {
      const cmdLine = fenceLine + idx + 1;
      const argLine = (key) => {
        const j = lines.findIndex((l, k) => k >= idx && new RegExp(`--${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`).test(l));
        return j >= 0 ? fenceLine + j + 1 : cmdLine;
      };
      const doc = { data: args, line: cmdLine, lineAt: (...path11) => typeof path11[0] === "string" ? argLine(path11[0]) : cmdLine };
      const read = readLlamaFactoryConfig({ file, doc, data: args, embedded: true });
      if (read) claims.push(...read.map((c) => ({ ...c, reason: `${c.reason} (llamafactory-cli command in the card)` })));
    }
  }
  return claims;
}
function peftTrainingQuantClaims(file, prose) {
  const at = prose.findIndex((l) => /quantization config was used during training/i.test(l.text));
  if (at < 0) return [];
  const items = [];
  for (let i = at + 1; i < prose.length; i++) {
    const t = prose[i].text;
    if (t.trim() === "" && items.length === 0) continue;
    if (!/^\s*-\s+\w+\s*:/.test(t)) break;
    items.push(prose[i]);
  }
  const values = {};
  const lineOf = /* @__PURE__ */ new Map();
  for (const item of items) {
    const m = /^\s*-\s+(\w+)\s*:\s*(.*?)\s*$/.exec(item.text);
    values[m[1]] = m[2];
    lineOf.set(m[1], item.no);
  }
  const q = describeQuantization(values);
  if (!q) return [];
  const key = q.attrs.bits === 8 ? "load_in_8bit" : "load_in_4bit";
  return [
    {
      file,
      line: lineOf.get(key) ?? prose[at].no,
      strength: CONFIG,
      signal: { type: "base-precision", bits: q.attrs.bits ?? null },
      reason: `PEFT card: ${q.summary} quantization config used during training (the adapter's base)`,
      attrs: { base_bits: q.attrs.bits, quant_method: q.attrs.quant_method, quant_type: q.attrs.quant_type, double_quant: q.attrs.double_quant }
    }
  ];
}
var MERGE_WORD = /\bmerg(?:e|ed|es|ing)\b|merge_and_unload/i;
var LORA_WORD = /\b(?:q?lora|loras|adapters?)\b/i;
var MODEL_MERGE = /\b(?:lazy)?mergekit\b|\bmerge of (?:the following|several|multiple|two|three|four|\d+|pre-?trained|these)\b[^.]*?\bmodels?\b|\bmerged? using the [\w-]+ (?:merge )?method\b/i;
var MERGE_METHOD = /\b(slerp|nuslerp|dare[ _-]?ties|dare[ _-]?linear|ties|task[ _-]arithmetic|passthrough|model[ _-]stock|breadcrumbs|della|karcher|arcee[ _-]fusion|linear)\b/i;
var FULL = /\bfull[- ]?(?:weights?|parameters?|param)?[- ]?(?:fine[- ]?tun\w*|finetun\w*|train\w*)|\b(?:fine[- ]?tun\w*|finetun\w*|train\w*)\s+(?:of\s+)?all\s+(?:the\s+)?(?:model\s+)?(?:weights|parameters)\b/i;
var QLORA = /\bq-?lora\b/i;
var LORA = /\b(?:lora|dora|peft)\b/i;
var ACTION = /\b(?:adapters?|fine[- ]?tun\w*|finetun\w*|train\w*|tuned)\b|微调|训练|파인튜닝|학습|ファインチューニング/i;
var NF4 = /\bnf4\b|\bload_in_4bit\s*[=:]\s*true\b/i;
var LOAD8 = /\bload_in_8bit\s*[=:]\s*true\b/i;
var BNB_KEY_LINE = /^\s*[-*]?\s*"?(?:load_in_\dbit|bnb_4bit_\w+|llm_int8_\w+|quant_method)"?\s*:/i;
var SELF_QUANT = [
  /\b(?:this|it)\s+(?:repo(?:sitory)?|model|release)?\s*(?:is|contains|provides|has)\b[^.]{0,60}?\bquantized\b/i,
  /\bthis\s+repo(?:sitory)?\s+contains\s+[^.]{0,30}?\b(?:gptq|awq|gguf|ggml|exl2|hqq|mlx|fp8|int4|int8)\b/i,
  /\b(?:the\s+)?(?:model\s+)?weights\s+(?:are|were|have\s+been)\s+quantized\b/i,
  /\bquantized\s+(?:with|using|by)\s+(?:llama\.cpp|auto-?gptq|auto-?awq|gptq|awq|bitsandbytes|llm-compressor|hqq|optimum)\b/i
];
var MAX_PROSE_LINE = 4e3;
var QUANT_LINE = /^\s*(?:[-*+]\s*)?quantization\s*:\s*(.+)$/i;
var PEFT_VERSION = /^\s*[-*]\s*PEFT\s+v?\d/;
function plain(text2) {
  return text2.slice(0, MAX_PROSE_LINE).replace(/!\[[^\][]{0,500}\]\([^()\s]{0,2000}\)/g, " ").replace(/\[([^\][]{0,500})\]\([^()\s]{0,2000}\)/g, "$1").replace(/<https?:[^<>\s]{0,2000}>/g, " ").replace(/https?:\/\/\S+/g, " ").replace(/<[^<>]{1,500}>/g, " ").replace(/\(\s*\)/g, " ").replace(/\*+/g, "").replace(/`/g, "").replace(/(^|[^\w])_+([^_]+?)_+(?=[^\w]|$)/g, "$1$2").replace(/\s+/g, " ").trim();
}
function negatedAt(sentence, index) {
  const before = sentence.slice(Math.max(0, index - 30), index);
  const clause = before.split(/[,;:()]|\bbut\b/i).pop() ?? "";
  return /\b(?:not|no|never|without|non)\b|n't\b/i.test(clause);
}
function firstMatch(re, s) {
  return new RegExp(re.source, re.flags.includes("g") ? re.flags : re.flags + "g").exec(s);
}
function mentions(re, s) {
  const g2 = new RegExp(re.source, re.flags.includes("g") ? re.flags : re.flags + "g");
  const out = [];
  for (let m = g2.exec(s); m; m = g2.exec(s)) {
    out.push({ index: m.index, text: m[0], negated: negatedAt(s, m.index) });
    if (m[0].length === 0) g2.lastIndex++;
  }
  return out;
}
function quote(s) {
  return s.length > 90 ? `"${s.slice(0, 87)}..."` : `"${s}"`;
}
var PROSE_KIND = {
  adapter: "adapter",
  "adapter-merged": "merged adapter",
  "full-training": "full fine-tune",
  "model-merge": "merge",
  quantized: "quantization"
};
var KIND_WORDS = [
  /\bquanti[sz]\w*|\bgguf\b|\bgptq\b|\bawq\b|\bint[48]\b/i,
  /\bq?-?lora\b|\bdora\b|\bpeft\b|\badapters?\b/i,
  /\bmerg\w*/i,
  /\bfull[- ]?(?:weights?|parameters?)?[- ]?(?:fine[- ]?tun|finetun|train)/i
];
function proseLineClaims(file, line, adapterCard) {
  const raw = line.text;
  if (/^\s{0,3}#\s/.test(raw)) return [];
  if (/^\s*\|/.test(raw)) return [];
  if (PEFT_VERSION.test(raw)) {
    return [{ file, line: line.no, strength: METADATA, signal: { type: "adapter", role: "shipped" }, reason: `card lists the PEFT framework version (${raw.trim().replace(/^[-*]\s*/, "")})` }];
  }
  const text2 = plain(raw);
  if (!text2) return [];
  const claims = [];
  const claim = (signal, term, sentence, what, attrs) => claims.push({ file, line: line.no, strength: PROSE, signal, term, reason: `card says ${what}: ${quote(sentence)}`, attrs });
  const kv = QUANT_LINE.exec(text2);
  if (kv && !/^(none|no|n\/a|-|false)\b/i.test(kv[1].trim())) {
    const s = subKindFromWords(kv[1]);
    claim({ type: "quantized", sub_kind: s.sub_kind }, "quantized", text2, "the weights are quantized", { bits: s.bits, quant_type: s.quant_type });
  }
  for (const sentence of text2.split(/(?<=[.!?。])\s+/)) {
    if (KIND_WORDS.filter((re) => re.test(sentence)).length >= 3) continue;
    const merge = MERGE_WORD.test(sentence);
    const loraMentions = mentions(LORA_WORD, sentence);
    const modelMerge = firstMatch(MODEL_MERGE, sentence);
    if (merge && loraMentions.some((m) => !m.negated) && !modelMerge) {
      claim({ type: "adapter-merged" }, "lora-merged", sentence, "a LoRA was merged into the weights");
    } else if (merge && modelMerge) {
      const method = firstMatch(MERGE_METHOD, sentence);
      claim({ type: "model-merge" }, "merge", sentence, "several models were merged", method ? { merge_method: method[1].toLowerCase().replace(/[ -]/g, "_") } : void 0);
    }
    for (const f of mentions(FULL, sentence)) {
      if (f.negated) claims.push({ file, line: line.no, strength: PROSE, signal: { type: "negation", terms: ["full"] }, term: "full", reason: `card negates a full fine-tune: ${quote(sentence)}` });
      else claim({ type: "full-training" }, "full", sentence, "all weights were trained");
    }
    const q = mentions(QLORA, sentence);
    for (const m of q) {
      if (m.negated) claims.push({ file, line: line.no, strength: PROSE, signal: { type: "negation", terms: ["qlora"] }, term: "qlora", reason: `card negates QLoRA: ${quote(sentence)}` });
    }
    if (q.some((m) => !m.negated) && !merge) {
      claim({ type: "adapter", role: "trained" }, "qlora", sentence, "QLoRA training");
      claim({ type: "base-precision", bits: 4 }, "qlora", sentence, "QLoRA (a 4-bit base)", { base_bits: 4 });
    }
    const l = mentions(LORA, sentence);
    const negatedLora = l.filter((m) => m.negated);
    if (negatedLora.length > 0) {
      claims.push({ file, line: line.no, strength: PROSE, signal: { type: "negation", terms: ["lora", "qlora"] }, term: "lora", reason: `card negates LoRA/PEFT: ${quote(sentence)}` });
    }
    if (!merge) {
      const near = l.find((m) => !m.negated && ACTION.test(sentence.slice(Math.max(0, m.index - 40), m.index + m.text.length + 40)));
      if (near) claim({ type: "adapter", role: "trained" }, "lora", sentence, "an adapter was trained", near.text.toLowerCase() === "dora" ? { dora: true } : void 0);
    }
    if (BNB_KEY_LINE.test(sentence)) {
    } else if (NF4.test(sentence) && !negatedAt(sentence, firstMatch(NF4, sentence).index)) {
      claim({ type: "base-precision", bits: 4 }, "nf4", sentence, "NF4 / 4-bit loading (the base, when an adapter is trained)", { base_bits: 4, quant_type: "nf4" });
    } else if (LOAD8.test(sentence)) {
      claim({ type: "base-precision", bits: 8 }, "nf4", sentence, "8-bit loading (the base, when an adapter is trained)", { base_bits: 8 });
    }
    if (!kv && SELF_QUANT.some((re) => re.test(sentence)) && !adapterCard) {
      const s = subKindFromWords(sentence);
      claim({ type: "quantized", sub_kind: s.sub_kind }, "quantized", sentence, "the weights are quantized", { bits: s.bits, quant_type: s.quant_type });
    }
  }
  return claims;
}

// src/core/detect/safetensors.ts
async function readSafetensorsHeader2(read, size) {
  const first = await read(256);
  if (!first) return { error: "no content" };
  if (isLfsPointer(first)) return { error: "Git LFS pointer: the weights are not in the repository" };
  if (first.length < 8) return { error: `too short for a safetensors file (${first.length} bytes)` };
  const n = Number(Buffer.from(first.buffer, first.byteOffset, 8).readBigUInt64LE(0));
  if (n < 2) return { error: `header length ${n} is too small: not a safetensors file` };
  if (n > MAX_SAFETENSORS_HEADER_BYTES) {
    return { error: `header length ${formatBytes(n)} is over the ${formatBytes(MAX_SAFETENSORS_HEADER_BYTES)} limit: not a safetensors file, or a corrupt one` };
  }
  if (size !== void 0 && 8 + n > size) return { error: `header length ${n} runs past the end of the file (${formatBytes(size)}): not a safetensors file` };
  const bytes = n + 8 <= first.length ? first : await read(8 + n);
  if (!bytes || bytes.length < 8 + n) return { error: `file ends inside its ${n}-byte header` };
  let header;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (error) {
    return { error: `header is not valid JSON (${error instanceof Error ? error.message.split("\n")[0] : String(error)}): not a safetensors file` };
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) return { error: "header is not a JSON object: not a safetensors file" };
  const tensors = [];
  for (const [name, info] of Object.entries(header)) {
    if (name === "__metadata__") continue;
    const i = info;
    if (!i || typeof i.dtype !== "string" || !Array.isArray(i.shape) || !Array.isArray(i.data_offsets) || !i.shape.every((d) => Number.isInteger(d) && d >= 0)) {
      return { error: `tensor '${name.slice(0, 80)}' has no valid dtype/shape/data_offsets: not a safetensors file` };
    }
    tensors.push({ name, dtype: i.dtype, shape: i.shape });
  }
  return { tensors };
}
var ADAPTER_MARKERS = [
  [/\.lora_(?:A|B|embedding_A|embedding_B)(?:\.|$)/, "LORA"],
  [/\.hada_w[12]_[ab](?:\.|$)/, "LOHA"],
  [/\.lokr_w[12](?:_[ab])?(?:\.|$)/, "LOKR"],
  [/\.ia3_l(?:\.|$)/, "IA3"],
  [/\.oft_(?:r|blocks)(?:\.|$)/, "OFT"],
  [/\.boft_R(?:\.|$)/, "BOFT"],
  [/\.vera_lambda_[bd](?:\.|$)/, "VERA"]
];
var LAYER = /\.(?:layers|h|blocks|block|layer)\.(\d+)\./;
function ranges(values) {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const parts = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j;
  }
  return parts.join(", ");
}
function adapterFacts(tensors) {
  const hits = tensors.map((t) => ({ t, type: ADAPTER_MARKERS.find(([re]) => re.test(t.name))?.[1] })).filter((h) => h.type !== void 0);
  if (hits.length === 0) return void 0;
  const peftType = hits[0].type;
  const layers = /* @__PURE__ */ new Set();
  const modules = /* @__PURE__ */ new Set();
  const ranks = /* @__PURE__ */ new Set();
  const dtypes = /* @__PURE__ */ new Set();
  for (const { t } of hits) {
    const layer = LAYER.exec(t.name);
    if (layer) layers.add(Number(layer[1]));
    const mod = /\.([A-Za-z0-9_]+)\.(?:lora_|hada_|lokr_|ia3_|oft_|boft_|vera_)/.exec(t.name);
    if (mod) modules.add(mod[1]);
    if (/\.lora_A(?:\.|$)/.test(t.name) && t.shape.length === 2) ranks.add(t.shape[0]);
    dtypes.add(t.dtype);
  }
  const dora = tensors.some((t) => /lora_magnitude_vector/.test(t.name));
  const attrs = {
    peft_type: peftType,
    lora_rank: ranks.size === 1 ? [...ranks][0] : void 0,
    layers: layers.size > 0 ? [...layers].sort((a, b) => a - b) : void 0,
    target_modules: modules.size > 0 ? [...modules].sort() : void 0,
    dora: dora ? true : void 0
  };
  const parts = [`${hits.length} ${peftType} tensors`];
  if (attrs.lora_rank !== void 0) parts.push(`r=${attrs.lora_rank}`);
  else if (ranks.size > 1) parts.push(`ranks ${[...ranks].sort((a, b) => a - b).join("/")}`);
  if (layers.size > 0) parts.push(`layers ${ranges([...layers])}`);
  if (modules.size > 0) parts.push(`modules ${[...modules].sort().slice(0, 8).join(", ")}`);
  if (dora) parts.push("DoRA magnitudes");
  parts.push([...dtypes].join("/"));
  return { peftType, attrs, summary: parts.join(", ") };
}
function quantFacts(tensors) {
  const names = new Map(tensors.map((t) => [t.name, t]));
  const ends = (suffix) => tensors.find((t) => t.name.endsWith(suffix));
  const nf4 = ends("quant_state.bitsandbytes__nf4");
  const fp4 = ends("quant_state.bitsandbytes__fp4");
  if (nf4 || fp4) {
    const type = nf4 ? "nf4" : "fp4";
    return { sub_kind: nf4 ? "bnb-nf4" : "bnb-fp4", attrs: { bits: 4, quant_method: "bitsandbytes", quant_type: type }, summary: `bitsandbytes 4-bit ${type} tensors (quant_state)` };
  }
  const scb = tensors.find((t) => t.name.endsWith(".SCB"));
  if (scb && names.get(scb.name.replace(/\.SCB$/, ".weight"))?.dtype === "I8") {
    return { sub_kind: "bnb-int8", attrs: { bits: 8, quant_method: "bitsandbytes", quant_type: "int8" }, summary: "bitsandbytes 8-bit tensors (int8 weights + SCB scales)" };
  }
  const qweight = tensors.find((t) => t.name.endsWith(".qweight"));
  if (qweight) {
    const stem = qweight.name.slice(0, -".qweight".length);
    const gIdx = names.get(`${stem}.g_idx`);
    const scales = names.get(`${stem}.scales`);
    if (gIdx && gIdx.shape.length === 1 && qweight.shape.length === 2) {
      const bits = qweight.shape[0] * 32 / gIdx.shape[0];
      const group = scales && scales.shape.length === 2 && scales.shape[0] > 0 ? gIdx.shape[0] / scales.shape[0] : void 0;
      return {
        sub_kind: "gptq",
        attrs: { bits: Number.isInteger(bits) ? bits : void 0, quant_method: "gptq", group_size: group && Number.isInteger(group) ? group : void 0 },
        summary: `GPTQ packed tensors (qweight, g_idx)${Number.isInteger(bits) ? `, ${bits}-bit` : ""}`
      };
    }
    if (scales && names.get(`${stem}.qzeros`) && scales.shape.length === 2 && qweight.shape.length === 2 && scales.shape[1] > 0) {
      const bits = qweight.shape[1] * 32 / scales.shape[1];
      const group = scales.shape[0] > 0 ? qweight.shape[0] / scales.shape[0] : void 0;
      return {
        sub_kind: "awq",
        attrs: { bits: Number.isInteger(bits) ? bits : void 0, quant_method: "awq", group_size: group && Number.isInteger(group) ? group : void 0 },
        summary: `AWQ packed tensors (qweight, qzeros, scales)${Number.isInteger(bits) ? `, ${bits}-bit` : ""}`
      };
    }
    return { sub_kind: "other", attrs: { quant_method: "packed" }, summary: "packed quantized tensors (qweight)" };
  }
  if (tensors.some((t) => t.name.endsWith(".weight_packed"))) {
    return { sub_kind: "compressed-tensors", attrs: { quant_method: "compressed-tensors", quant_type: "pack-quantized" }, summary: "compressed-tensors packed tensors (weight_packed)" };
  }
  const fp8 = tensors.find((t) => /^F8_/.test(t.dtype) && t.name.endsWith(".weight"));
  if (fp8) {
    return { sub_kind: "fp8", attrs: { bits: 8, quant_method: "fp8", quant_type: fp8.dtype }, summary: `FP8 weights (${fp8.dtype})` };
  }
  if (tensors.some((t) => t.name.endsWith(".W_q"))) {
    return { sub_kind: "hqq", attrs: { quant_method: "hqq" }, summary: "HQQ packed tensors (W_q)" };
  }
  return void 0;
}
function mainDtype(tensors) {
  const count = /* @__PURE__ */ new Map();
  for (const t of tensors) {
    if (t.shape.length < 2) continue;
    const n = t.shape.reduce((a, b) => a * b, 1);
    count.set(t.dtype, (count.get(t.dtype) ?? 0) + n);
  }
  let best;
  for (const [dtype, n] of count) if (best === void 0 || n > count.get(best)) best = dtype;
  return best;
}
var FLOAT = /* @__PURE__ */ new Set(["F64", "F32", "F16", "BF16"]);
async function readSafetensorsFile(file) {
  const head = await readSafetensorsHeader2((n) => file.readHead(n), file.size);
  if ("error" in head) return { claims: [], skips: [{ file: file.path, line: 1, reason: `safetensors ${head.error}`, unreadable: true }] };
  const claim = (strength, signal, reason, attrs) => ({ file: file.path, line: 1, strength, signal, reason, attrs });
  const adapter = adapterFacts(head.tensors);
  if (adapter) {
    return {
      claims: [claim(CONFIG, { type: "adapter", role: "shipped", peft_type: adapter.peftType, dora: adapter.attrs.dora }, `adapter weights header: ${adapter.summary}`, adapter.attrs)],
      skips: []
    };
  }
  let base;
  if (file.status !== "added" && file.readBase) {
    const readBase = file.readBase.bind(file);
    base = await readSafetensorsHeader2((n) => readBase(n));
  }
  const baseTensors = base && "tensors" in base ? base.tensors : void 0;
  const quant = quantFacts(head.tensors);
  if (quant) {
    const baseQuant = baseTensors ? quantFacts(baseTensors) : void 0;
    if (baseQuant && baseQuant.sub_kind === quant.sub_kind) {
      return { claims: [claim(CONFIG, { type: "info" }, `weights header: ${quant.summary}, as at the base (already quantized)`, quant.attrs)], skips: [] };
    }
    const was = baseTensors ? ` (base: ${mainDtype(baseTensors) ?? "unquantized"})` : "";
    return { claims: [claim(CONFIG, { type: "quantized", sub_kind: quant.sub_kind, method: quant.attrs.quant_method }, `weights header: ${quant.summary}${was}`, quant.attrs)], skips: [] };
  }
  const dtype = mainDtype(head.tensors);
  if (!baseTensors) {
    return { claims: [claim(CONFIG, { type: "info" }, `full weights header: ${head.tensors.length} tensors${dtype ? `, ${dtype}` : ""}, no quantized tensors`)], skips: [] };
  }
  if (quantFacts(baseTensors)) {
    return { claims: [claim(CONFIG, { type: "info" }, `weights header: quantized at the base, ${dtype ?? "unquantized"} at the head (dequantized)`)], skips: [] };
  }
  const baseDtype = mainDtype(baseTensors);
  if (dtype && baseDtype && dtype !== baseDtype) {
    if (!FLOAT.has(dtype) && FLOAT.has(baseDtype)) {
      return {
        claims: [claim(CONFIG, { type: "quantized", sub_kind: "other", method: dtype.toLowerCase() }, `weights header: weight dtype ${baseDtype} at the base, ${dtype} at the head (integer weights)`, { quant_type: dtype })],
        skips: []
      };
    }
    return { claims: [claim(CONFIG, { type: "info" }, `weights header: weight dtype ${baseDtype} at the base, ${dtype} at the head (a precision change, not quantization)`)], skips: [] };
  }
  const headNames = new Set(head.tensors.map((t) => t.name));
  const sameNames = baseTensors.length === head.tensors.length && baseTensors.every((t) => headNames.has(t.name));
  if (!sameNames) {
    return { claims: [claim(METADATA, { type: "info" }, `weights header: the tensor set differs from the base (${baseTensors.length} -> ${head.tensors.length} tensors)`)], skips: [] };
  }
  return { claims: [claim(WEAK, { type: "trained" }, `full weights changed: same tensors and dtype (${dtype ?? "?"}) as the base, new content (trained or merged)`)], skips: [] };
}

// src/core/detect/detect-update-event.ts
var PICKLE = /\.(bin|pt|pth|ckpt|pkl)$/i;
function skipOnly(file, reason, unreadable, line = 1) {
  return { claims: [], skips: [{ file, line, reason, unreadable }] };
}
async function readBaseData(file) {
  if (file.status === "added" || !file.readBase) return void 0;
  try {
    const bytes = await file.readBase(MAX_TEXT_BYTES + 1);
    if (!bytes || bytes.length > MAX_TEXT_BYTES) return void 0;
    const decoded = decodeText(bytes);
    if (!("text" in decoded)) return void 0;
    const parsed = parseJsonText(decoded.text);
    return parsed.error ? void 0 : parsed.docs[0]?.data;
  } catch {
    return void 0;
  }
}
async function readStructuredFile(file, kind) {
  const read = await readText(file, kind === "JSON" ? MAX_TEXT_BYTES : MAX_YAML_BYTES);
  if ("skip" in read) return skipOnly(file.path, read.skip, read.unreadable);
  if (read.text.trim() === "") return skipOnly(file.path, `empty ${kind} file`, false);
  const parsed = kind === "JSON" ? parseJsonText(read.text) : parseStructured(read.text);
  if (parsed.error) return skipOnly(file.path, `malformed ${kind}: ${parsed.error.message}; not used`, true, parsed.error.line);
  const docs = parsed.docs.filter((d) => isObj(d.data));
  if (docs.length === 0) return skipOnly(file.path, `${kind} is not a mapping: no update information`, false);
  const baseData = docs.length === 1 && kind === "JSON" ? await readBaseData(file) : void 0;
  const claims = [];
  let unrelated;
  for (const doc of docs) {
    const found = readDocument({ file: file.path, doc, data: doc.data, embedded: false, baseData });
    if (found) claims.push(...found);
    else unrelated ??= describeUnrelatedConfig(doc.data);
  }
  if (claims.length > 0) return { claims, skips: [] };
  return skipOnly(file.path, unrelated ? `${unrelated}: no update information` : `${kind} with no update information (not a model, adapter, quantization, training or merge config)`, false);
}
async function readMarkdown(file) {
  const read = await readText(file);
  if ("skip" in read) return skipOnly(file.path, read.skip, read.unreadable);
  if (!isModelCard(file.path, read.text)) return skipOnly(file.path, "Markdown that is not a model card", false);
  const out = readModelCard(file.path, read.text);
  if (out.claims.length === 0 && out.skips.length === 0) out.skips.push({ file: file.path, line: 1, reason: "model card with no update information", unreadable: false });
  return out;
}
async function readChangedFile(file) {
  if (file.status === "removed") return { claims: [], skips: [] };
  const name = (file.path.split("/").pop() ?? file.path).toLowerCase();
  try {
    if (name.endsWith(".json")) return await readStructuredFile(file, "JSON");
    if (name.endsWith(".yaml") || name.endsWith(".yml")) return await readStructuredFile(file, "YAML");
    if (name.endsWith(".md") || name.endsWith(".markdown")) return await readMarkdown(file);
    if (name.endsWith(".safetensors")) return await readSafetensorsFile(file);
    if (name.endsWith(".gguf")) return await readGgufFile(file);
    if (PICKLE.test(name)) {
      if (/^adapter_model\.(bin|pt|pth)$/.test(name)) {
        return {
          claims: [{ file: file.path, line: 1, strength: METADATA, signal: { type: "adapter", role: "shipped" }, reason: "adapter weights file (PyTorch pickle, never opened; known by its name)" }],
          skips: []
        };
      }
      return skipOnly(file.path, "PyTorch pickle: never opened (pickles can run code)", false);
    }
    const head = await file.readHead(4);
    if (head.length === 4 && Buffer.from(head).toString("latin1") === "GGUF") return await readGgufFile(file);
    const ext = /\.[^./]+$/.exec(name)?.[0];
    return skipOnly(file.path, `not a format monitor-gate reads${ext ? ` (${ext})` : ""}`, false);
  } catch (error) {
    const known = /\.(json|ya?ml|md|markdown|safetensors|gguf)$/.test(name);
    return skipOnly(file.path, `could not be read: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`, known);
  }
}
async function mapPool(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
var TIE_ORDER = ["adapter", "lora-merged", "full-finetune", "merge", "quantization"];
var BASE_CONFIDENCE = { 3: 0.95, 2: 0.8, 1: 0.6 };
var strengthOf = (claims) => claims.reduce((m, c) => Math.max(m, c.strength), 0);
function gapFactor(winner, loser) {
  const gap = winner - loser;
  return gap <= 0 ? 0.7 : gap === 1 ? 0.85 : 0.95;
}
function byStrength(a, b) {
  return b.strength - a.strength;
}
var FAMILY_WORDS = {
  adapter: "an unmerged adapter",
  "lora-merged": "an adapter merged into the weights",
  "full-finetune": "a full fine-tune",
  merge: "a model merge",
  quantization: "a quantization"
};
var MAX_ATTRIBUTE_CHARS = 200;
var MAX_ATTRIBUTE_ITEMS = 256;
function boundValue(v) {
  if (typeof v === "string") return v.length > MAX_ATTRIBUTE_CHARS ? `${v.slice(0, MAX_ATTRIBUTE_CHARS - 3)}...` : v;
  if (Array.isArray(v)) return v.slice(0, MAX_ATTRIBUTE_ITEMS).map(boundValue);
  return v;
}
function mergeAttributes(target, claims, rename) {
  const t = target;
  for (const c of claims) {
    if (!c.attrs) continue;
    const attrs = rename ? rename(c.attrs) : c.attrs;
    for (const [k, v] of Object.entries(attrs)) {
      if (v === void 0 || v === null || Array.isArray(v) && v.length === 0) continue;
      if (typeof v === "number" && !Number.isFinite(v)) continue;
      if (t[k] === void 0) t[k] = boundValue(v);
    }
  }
}
function asBaseAttributes(a) {
  const { bits, ...rest } = a;
  return bits !== void 0 && rest.base_bits === void 0 ? { ...rest, base_bits: bits } : rest;
}
function combineClaims(claimsIn, skips) {
  const conflicts = [];
  const facts = [];
  let factor = 1;
  const negations = claimsIn.filter((c) => c.signal.type === "negation");
  const takenBack = /* @__PURE__ */ new Set();
  for (const c of claimsIn) {
    if (c.strength !== PROSE || !c.term || c.signal.type === "negation") continue;
    const neg = negations.find((n) => n.file === c.file && n.signal.type === "negation" && n.signal.terms.includes(c.term));
    if (neg) {
      takenBack.add(c);
      conflicts.push({ claim: c, why: `taken back by the same card at line ${neg.line}` });
    }
  }
  if (takenBack.size > 0) {
    factor *= 0.9;
    for (const n of negations) if ([...takenBack].some((c) => c.file === n.file && n.signal.type === "negation" && n.signal.terms.includes(c.term))) facts.push(n);
  }
  const active = claimsIn.filter((c) => !takenBack.has(c) && c.signal.type !== "negation");
  const ofType = (t) => active.filter((c) => c.signal.type === t);
  const shipped = active.filter((c) => c.signal.type === "adapter" && c.signal.role === "shipped");
  const trained = active.filter((c) => c.signal.type === "adapter" && c.signal.role === "trained");
  const merged = ofType("adapter-merged");
  const full = ofType("full-training");
  const weightsTrained = ofType("trained");
  const modelMerge = ofType("model-merge");
  let quant = ofType("quantized");
  const basePrecision = ofType("base-precision");
  const info = ofType("info");
  let adapter = [...shipped, ...trained];
  const loraMerged = [...merged];
  if (merged.length > 0 && strengthOf(merged) >= strengthOf(shipped)) {
    loraMerged.push(...adapter);
    adapter = [];
  }
  let absorbedQuant = [];
  if (adapter.length > 0) {
    absorbedQuant = quant;
    quant = [];
  }
  const fullCandidate = [...full];
  const trainedHome = fullCandidate.length > 0 ? fullCandidate : loraMerged.length > 0 ? loraMerged : adapter.length > 0 ? adapter : modelMerge.length > 0 ? modelMerge : fullCandidate;
  trainedHome.push(...weightsTrained);
  const candidates = [
    ["adapter", adapter],
    ["lora-merged", loraMerged],
    ["full-finetune", fullCandidate],
    ["merge", modelMerge],
    ["quantization", quant]
  ].filter(([, claims]) => claims.length > 0).map(([family2, claims]) => ({ family: family2, claims: [...claims].sort(byStrength), strength: strengthOf(claims) }));
  const skipped = skips.map((s) => ({ file: s.file, line: s.line, reason: s.reason, kind: "skipped" }));
  const unreadable = skips.filter((s) => s.unreadable).length;
  if (candidates.length === 0) {
    const confidence = Math.max(0.3, 0.9 * Math.pow(0.85, unreadable));
    const attributes2 = {};
    mergeAttributes(attributes2, info);
    return {
      family: "none",
      sub_kind: null,
      attributes: attributes2,
      evidence: assemble([...info, ...facts, ...basePrecision], conflicts, skipped),
      confidence: round(confidence)
    };
  }
  candidates.sort((a, b) => b.strength - a.strength || TIE_ORDER.indexOf(a.family) - TIE_ORDER.indexOf(b.family));
  const winner = candidates[0];
  for (const loser of candidates.slice(1)) {
    factor *= gapFactor(winner.strength, loser.strength);
    for (const c of loser.claims) conflicts.push({ claim: c, why: `points to ${FAMILY_WORDS[loser.family]}; ${FAMILY_WORDS[winner.family]} has stronger or riskier evidence` });
  }
  const attributes = {};
  let family;
  let subKind = null;
  const used = [...winner.claims];
  if (winner.family === "adapter" || winner.family === "lora-merged") {
    const baseClaims = [...basePrecision];
    for (const q of absorbedQuant) {
      const bits = q.attrs?.bits;
      if (typeof bits === "number") baseClaims.push({ ...q, signal: { type: "base-precision", bits }, reason: `${q.reason} (the adapter's base)` });
      else facts.push(q);
    }
    let chosen;
    if (baseClaims.length > 0) {
      const top = strengthOf(baseClaims);
      const values = baseClaims.filter((c) => c.strength === top).map((c) => c.signal.type === "base-precision" ? c.signal.bits : null);
      const numbers = values.filter((v) => v !== null);
      chosen = numbers.length > 0 ? Math.min(...numbers) : null;
      const disagreeing = baseClaims.filter((c) => c.signal.type === "base-precision" && c.signal.bits !== chosen);
      const agreeing = baseClaims.filter((c) => !disagreeing.includes(c));
      used.push(...agreeing);
      const worst = strengthOf(disagreeing);
      if (disagreeing.length > 0) factor *= gapFactor(top, worst);
      for (const c of disagreeing) {
        const bits = c.signal.type === "base-precision" ? c.signal.bits : null;
        conflicts.push({ claim: c, why: `says a ${bits === null ? "non-quantized" : `${bits}-bit`} base; the ${chosen === null ? "non-quantized" : `${chosen}-bit`} base has ${c.strength < top ? "stronger" : "equally strong, riskier"} evidence` });
      }
    }
    if (winner.family === "adapter") family = typeof chosen === "number" && chosen <= 4 ? "qlora" : "lora";
    else family = "lora-merged";
    mergeAttributes(attributes, winner.claims);
    mergeAttributes(
      attributes,
      used.filter((c) => c.signal.type === "base-precision"),
      asBaseAttributes
    );
    if (typeof chosen === "number") attributes.base_bits = chosen;
    else delete attributes.base_bits;
    if (winner.family === "adapter") {
      const adapters = winner.claims.filter((c) => c.signal.type === "adapter");
      if (adapters.some((c) => c.signal.type === "adapter" && c.signal.dora) || attributes.dora) subKind = "dora";
      else {
        const typed = adapters.find((c) => c.signal.type === "adapter" && c.signal.peft_type && c.signal.peft_type !== "LORA");
        if (typed && typed.signal.type === "adapter") subKind = typed.signal.peft_type.toLowerCase();
      }
    }
  } else {
    family = winner.family;
    mergeAttributes(attributes, winner.claims);
    if (winner.family === "quantization") {
      const named = winner.claims.filter((c) => c.signal.type === "quantized" && c.signal.sub_kind !== void 0);
      const first = named[0];
      subKind = first && first.signal.type === "quantized" ? first.signal.sub_kind : "other";
      for (const c of named) {
        if (c.signal.type === "quantized" && c.signal.sub_kind !== subKind) {
          factor *= gapFactor(first.strength, c.strength);
          conflicts.push({ claim: c, why: `names ${c.signal.sub_kind}; ${subKind} has stronger evidence` });
        }
      }
      facts.push(...basePrecision);
    } else {
      for (const c of basePrecision) {
        if (c.signal.type === "base-precision" && c.signal.bits !== null) {
          conflicts.push({ claim: c, why: `describes an adapter's quantized base, but no adapter is trained (${FAMILY_WORDS[winner.family]})` });
          factor *= gapFactor(winner.strength, c.strength);
        }
      }
    }
    if (winner.family === "merge") {
      const methods = [...new Set(winner.claims.map((c) => c.attrs?.merge_method).filter((m) => m !== void 0))];
      if (methods.length > 1) attributes.merge_method = methods.join(", ");
    }
  }
  mergeAttributes(attributes, info);
  const conflictClaims = new Set(conflicts.map((c) => c.claim));
  const factClaims = [...used, ...facts, ...info].filter((c) => !conflictClaims.has(c));
  const files = new Set(winner.claims.map((c) => c.file));
  const base = Math.min(0.99, BASE_CONFIDENCE[winner.strength] + Math.min(0.04, 0.02 * (files.size - 1)));
  return {
    family,
    sub_kind: subKind,
    attributes: sortAttributes(attributes),
    evidence: assemble(factClaims, conflicts, skipped),
    confidence: round(base * factor)
  };
}
function round(x) {
  return Math.round(x * 100) / 100;
}
var ATTRIBUTE_ORDER = [
  "bits",
  "base_bits",
  "quant_method",
  "quant_type",
  "quant_algorithm",
  "group_size",
  "double_quant",
  "peft_type",
  "lora_rank",
  "lora_alpha",
  "lora_dropout",
  "target_modules",
  "layers",
  "dora",
  "base_model",
  "models",
  "merge_method",
  "merge_weights",
  "training_steps",
  "epochs",
  "learning_rate",
  "tool"
];
function sortAttributes(a) {
  const out = {};
  for (const k of ATTRIBUTE_ORDER) if (a[k] !== void 0) out[k] = a[k];
  return out;
}
function byPlace(a, b) {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line;
}
var MAX_EVIDENCE_PER_FILE = 25;
var MAX_REASON_CHARS = 300;
function assemble(facts, conflicts, skipped) {
  const seen = /* @__PURE__ */ new Set();
  const out = [];
  const group = (list) => {
    const perFile = /* @__PURE__ */ new Map();
    for (const raw of [...list].sort(byPlace)) {
      const e = raw.reason.length > MAX_REASON_CHARS ? { ...raw, reason: `${raw.reason.slice(0, MAX_REASON_CHARS - 3)}...` } : raw;
      const key = `${e.kind}\0${e.file}\0${e.line}\0${e.reason}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const n = perFile.get(e.file) ?? { count: 0 };
      n.count++;
      perFile.set(e.file, n);
      if (n.count <= MAX_EVIDENCE_PER_FILE) out.push(e);
      else n.first ??= e;
    }
    for (const { count, first } of perFile.values()) {
      if (!first) continue;
      const what = first.kind === "conflict" ? "conflicting facts" : first.kind === "skipped" ? "skipped parts" : "facts";
      out.push({ file: first.file, line: first.line, reason: `... and ${count - MAX_EVIDENCE_PER_FILE} more ${what} like these in this file`, kind: first.kind });
    }
  };
  group(facts.map((c) => ({ file: c.file, line: c.line, reason: c.reason, kind: "fact" })));
  group(conflicts.map((c) => ({ file: c.claim.file, line: c.claim.line, reason: `${c.claim.reason} (${c.why})`, kind: "conflict" })));
  group([...skipped]);
  return out;
}
async function detectUpdateEvent(files, options = {}) {
  const outcomes = await mapPool(files, 16, readChangedFile);
  const detection = combineClaims(
    outcomes.flatMap((o) => o.claims),
    outcomes.flatMap((o) => o.skips)
  );
  const declared = options.declared;
  if (!declared) return detection;
  return {
    family: declared.family,
    sub_kind: declared.sub_kind ?? (declared.family === detection.family ? detection.sub_kind : null),
    attributes: declared.family === detection.family ? detection.attributes : {},
    evidence: detection.evidence,
    confidence: 1,
    declared: { source: declared.source },
    detected: { family: detection.family, sub_kind: detection.sub_kind, confidence: detection.confidence }
  };
}
function showValue(v) {
  if (Array.isArray(v)) return v.length > 8 ? `${v.slice(0, 8).join(",")},... (${v.length})` : v.join(",");
  return String(v);
}
function formatEventSummary(event, options = {}) {
  const max = options.maxEvidence ?? 12;
  const lines = [];
  const kind = event.sub_kind ? `${event.family} (${event.sub_kind})` : event.family;
  lines.push(`update: ${kind}, confidence ${event.confidence.toFixed(2)}`);
  if (event.declared) {
    const d = event.detected;
    lines.push(`  declared by ${event.declared.source}${d ? `; detected ${d.sub_kind ? `${d.family} (${d.sub_kind})` : d.family}, confidence ${d.confidence.toFixed(2)}` : ""}`);
  }
  const attrs = Object.entries(event.attributes).filter(([, v]) => v !== void 0);
  if (attrs.length > 0) lines.push(`  ${attrs.map(([k, v]) => `${k} ${showValue(v)}`).join(" | ")}`);
  const groups = [
    ["evidence", event.evidence.filter((e) => (e.kind ?? "fact") === "fact")],
    ["conflicts", event.evidence.filter((e) => e.kind === "conflict")],
    ["skipped", event.evidence.filter((e) => e.kind === "skipped")]
  ];
  for (const [title, list] of groups) {
    if (list.length === 0) continue;
    lines.push(`${title}:`);
    for (const e of list.slice(0, max)) lines.push(`  ${e.file}:${e.line}  ${e.reason}`);
    if (list.length > max) lines.push(`  ... and ${list.length - max} more (--json lists them all)`);
  }
  return lines.join("\n");
}

// src/core/detect/types.ts
var UPDATE_FAMILIES = ["quantization", "lora", "qlora", "lora-merged", "full-finetune", "merge", "none"];
function isUpdateFamily(value) {
  return typeof value === "string" && UPDATE_FAMILIES.includes(value);
}

// src/core/detect/declared.ts
var LABEL_PREFIX = "monitor-gate/";
function familyFromLabel(label) {
  const l = label.trim().toLowerCase();
  if (!l.startsWith(LABEL_PREFIX)) return void 0;
  const family = l.slice(LABEL_PREFIX.length);
  return isUpdateFamily(family) ? family : void 0;
}
function declaredFromLabels(labels) {
  const found = /* @__PURE__ */ new Map();
  for (const label2 of labels) {
    const family2 = familyFromLabel(label2);
    if (family2 && !found.has(family2)) found.set(family2, label2);
  }
  if (found.size === 0) return void 0;
  if (found.size > 1) {
    throw inputError(`pull request labels declare different updates: ${[...found.values()].join(", ")}`, {
      help: `keep one ${LABEL_PREFIX}<family> label (${UPDATE_FAMILIES.join(", ")})`
    });
  }
  const [family, label] = [...found][0];
  return { family, source: `label ${label}` };
}
function declaredFromConfig(config) {
  const u = config.update;
  if (!u) return void 0;
  return { family: u.family, ...u.sub_kind ? { sub_kind: u.sub_kind } : {}, source: `${config.path}:${u.line} update:` };
}
function resolveDeclared(labels, config) {
  return declaredFromLabels(labels) ?? (config ? declaredFromConfig(config) : void 0);
}

// src/core/changes/dir.ts
import { open as open2, readFile as readFile3, readdir as readdir2, stat } from "node:fs/promises";
import path9 from "node:path";
async function readHeadOf(file, maxBytes) {
  const handle = await open2(file, "r");
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.max(0, Math.min(maxBytes, size)));
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}
function changedFileFromDisk(absolute, relative, size) {
  return {
    path: relative.split(path9.sep).join("/"),
    status: "added",
    size,
    read: async () => new Uint8Array(await readFile3(absolute)),
    readHead: (maxBytes) => readHeadOf(absolute, maxBytes)
  };
}
async function changedFilesFromDir(dir) {
  let info;
  try {
    info = await stat(dir);
  } catch {
    throw usageError("folder not found", { file: dir, help: "pass the folder whose files are the changed files" });
  }
  if (!info.isDirectory()) throw usageError("not a folder", { file: dir, help: "--dir takes a folder" });
  const root = path9.resolve(dir);
  const out = [];
  const walk = async (folder) => {
    const entries = await readdir2(folder, { withFileTypes: true });
    for (const entry of entries) {
      const absolute = path9.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === ".git") continue;
        await walk(absolute);
      } else if (entry.isFile()) {
        const size = (await stat(absolute)).size;
        out.push(changedFileFromDisk(absolute, path9.relative(root, absolute), size));
      }
    }
  };
  await walk(root);
  return out.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}

// src/core/changes/git.ts
import { execFile, spawn } from "node:child_process";
import { stat as stat2 } from "node:fs/promises";
import path10 from "node:path";
var SMALL_BLOB = 2 * 1024 * 1024 + 1;
function runGit(args, cwd, input) {
  return new Promise((resolve, reject) => {
    const child = execFile("git", args, { cwd, encoding: "buffer", maxBuffer: 256 * 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
      if (error) {
        const err = error;
        err.stderr = Buffer.isBuffer(stderr) ? stderr.toString("utf8") : String(stderr ?? "");
        reject(err);
      } else resolve(stdout);
    });
    if (input !== void 0) child.stdin?.end(input);
  });
}
function firstLine2(error) {
  const e = error;
  const text2 = e.stderr && e.stderr.trim() || e.message || String(error);
  return text2.split("\n").find((l) => l.trim() !== "")?.replace(/^(fatal|error): /, "") ?? text2;
}
async function git(args, cwd, input) {
  try {
    return await runGit(args, cwd, input);
  } catch (error) {
    if (error.code === "ENOENT") throw usageError("git is not installed or not on PATH", { help: "--git needs the git command line" });
    throw error;
  }
}
function blobHead(sha, cwd, maxBytes) {
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["cat-file", "blob", sha], { cwd, stdio: ["ignore", "pipe", "pipe"], windowsHide: true });
    const chunks = [];
    let total = 0;
    let done = false;
    let stderr = "";
    const finish = () => {
      if (done) return;
      done = true;
      resolve(new Uint8Array(Buffer.concat(chunks).subarray(0, maxBytes)));
    };
    child.stdout.on("data", (chunk) => {
      if (done) return;
      chunks.push(chunk);
      total += chunk.length;
      if (total >= maxBytes) {
        finish();
        child.kill();
      }
    });
    child.stderr.on("data", (c) => stderr += c.toString("utf8"));
    child.on("error", (e) => done ? void 0 : (done = true, reject(e)));
    child.on("close", (code2) => {
      if (done) return;
      if (code2 === 0) finish();
      else {
        done = true;
        reject(inputError(`cannot read blob ${sha.slice(0, 12)}: ${stderr.trim() || `git exited with ${code2}`}`));
      }
    });
  });
}
var BlobStore = class {
  constructor(cwd, small) {
    this.cwd = cwd;
    this.small = small;
  }
  cwd;
  small;
  cache = /* @__PURE__ */ new Map();
  loading;
  loadSmall() {
    this.loading ??= (async () => {
      const shas = [...new Set(this.small.map((b) => b.sha))];
      if (shas.length === 0) return;
      const out = await git(["cat-file", "--batch"], this.cwd, shas.join("\n") + "\n");
      let pos = 0;
      while (pos < out.length) {
        const nl = out.indexOf(10, pos);
        if (nl < 0) break;
        const header = out.toString("utf8", pos, nl).split(" ");
        pos = nl + 1;
        if (header[1] === "missing") continue;
        const size = Number(header[2]);
        this.cache.set(header[0], new Uint8Array(out.subarray(pos, pos + size)));
        pos += size + 1;
      }
    })();
    return this.loading;
  }
  async head(blob, maxBytes) {
    if (blob.size <= SMALL_BLOB) {
      await this.loadSmall();
      const bytes = this.cache.get(blob.sha);
      if (!bytes) throw inputError(`blob ${blob.sha.slice(0, 12)} is missing from the repository`);
      return bytes.subarray(0, Math.max(0, maxBytes));
    }
    return blobHead(blob.sha, this.cwd, Math.min(maxBytes, blob.size));
  }
  async whole(blob) {
    if (blob.size <= SMALL_BLOB) return this.head(blob, blob.size);
    return new Uint8Array(await git(["cat-file", "blob", blob.sha], this.cwd));
  }
};
var NULL_SHA = /^0+$/;
function parseRawDiff(out) {
  const fields = out.toString("utf8").split("\0");
  const entries = [];
  for (let i = 0; i < fields.length; i++) {
    const meta = fields[i];
    if (!meta.startsWith(":")) continue;
    const [srcMode, dstMode, srcSha, dstSha, statusField] = meta.slice(1).split(" ");
    const letter = statusField[0];
    if (letter === "R" || letter === "C") {
      const from = fields[++i];
      const to = fields[++i];
      entries.push({ status: letter === "R" ? "renamed" : "added", path: to, previousPath: from, srcMode, dstMode, srcSha, dstSha });
      continue;
    }
    const file = fields[++i];
    const status = letter === "A" ? "added" : letter === "D" ? "removed" : "modified";
    entries.push({ status, path: file, srcMode, dstMode, srcSha, dstSha });
  }
  return entries;
}
function checkRev(rev, range) {
  if (rev.startsWith("-") || /[\s\0]/.test(rev)) throw usageError(`'${rev}' is not a revision`, { where: `range '${range}'`, help: "use BASE..HEAD, e.g. origin/main..HEAD" });
}
async function resolveCommit(rev, range, cwd) {
  try {
    return (await git(["rev-parse", "--verify", "--quiet", `${rev}^{commit}`], cwd)).toString("utf8").trim();
  } catch (error) {
    if (error instanceof Error && error.name === "GateError") throw error;
    throw usageError(`unknown revision '${rev}'`, { where: `range '${range}'`, help: "is the commit fetched? (actions/checkout needs fetch-depth: 0 for the base)" });
  }
}
var SPECIAL_MODES = { "120000": "symbolic link", "160000": "submodule" };
async function changedFilesFromGit(range, cwd = process.cwd()) {
  const three = range.indexOf("...");
  const two = three < 0 ? range.indexOf("..") : -1;
  if (three < 0 && two < 0) throw usageError(`'${range}' is not a BASE..HEAD range`, { help: "e.g. --git origin/main..HEAD or --git HEAD~1..HEAD" });
  const sep = three >= 0 ? three : two;
  const baseRev = range.slice(0, sep) || "HEAD";
  const headRev = range.slice(sep + (three >= 0 ? 3 : 2)) || "HEAD";
  checkRev(baseRev, range);
  checkRev(headRev, range);
  if (!await stat2(cwd).then((s) => s.isDirectory()).catch(() => false)) throw usageError("folder not found", { file: cwd, help: "--git runs in a folder of a git checkout" });
  let top;
  try {
    top = (await git(["rev-parse", "--show-toplevel"], cwd)).toString("utf8").trim();
  } catch (error) {
    if (error instanceof Error && error.name === "GateError") throw error;
    throw usageError(`not a git repository: ${firstLine2(error)}`, { file: path10.resolve(cwd), help: "--git runs in a git checkout; use --dir for a plain folder" });
  }
  let base = await resolveCommit(baseRev, range, top);
  const head = await resolveCommit(headRev, range, top);
  if (three >= 0) {
    try {
      base = (await git(["merge-base", base, head], top)).toString("utf8").trim();
    } catch (error) {
      throw usageError(`'${baseRev}' and '${headRev}' have no common ancestor: ${firstLine2(error)}`, { where: `range '${range}'` });
    }
  }
  const raw = parseRawDiff(await git(["-c", "core.quotepath=off", "diff", "--raw", "-z", "--no-abbrev", "-M", base, head], top));
  const blobs = /* @__PURE__ */ new Map();
  const wanted = /* @__PURE__ */ new Set();
  for (const e of raw) {
    if (!NULL_SHA.test(e.dstSha) && !SPECIAL_MODES[e.dstMode]) wanted.add(e.dstSha);
    if (!NULL_SHA.test(e.srcSha) && !SPECIAL_MODES[e.srcMode] && e.status !== "added") wanted.add(e.srcSha);
  }
  if (wanted.size > 0) {
    const out = (await git(["cat-file", "--batch-check"], top, [...wanted].join("\n") + "\n")).toString("utf8");
    for (const line of out.split("\n")) {
      const [sha, type, size] = line.split(" ");
      if (type === "blob") blobs.set(sha, { sha, size: Number(size) });
    }
  }
  const store = new BlobStore(top, [...blobs.values()].filter((b) => b.size <= SMALL_BLOB));
  return raw.map((e) => {
    const special = SPECIAL_MODES[e.dstMode];
    const headBlob = blobs.get(e.dstSha);
    const baseBlob = e.status === "modified" || e.status === "renamed" ? blobs.get(e.srcSha) : void 0;
    const unreadable = () => {
      throw inputError(special ? `${special} (mode ${e.dstMode}): not followed` : "no content at the head", { file: e.path });
    };
    const file = {
      path: e.path,
      status: e.status,
      size: headBlob?.size,
      read: async () => headBlob && !special ? store.whole(headBlob) : unreadable(),
      readHead: async (maxBytes) => headBlob && !special ? store.head(headBlob, maxBytes) : unreadable()
    };
    if (e.previousPath) file.previousPath = e.previousPath;
    if (baseBlob && !SPECIAL_MODES[e.srcMode]) {
      file.readBase = (maxBytes) => maxBytes === void 0 ? store.whole(baseBlob) : store.head(baseBlob, maxBytes);
    }
    return file;
  });
}

// src/core/detect/event-for-change.ts
async function eventForChange(source, options = {}) {
  const declared = resolveDeclared(options.labels ?? [], options.config);
  if (!source && !declared) return void 0;
  const files = source === void 0 ? [] : source.kind === "dir" ? await changedFilesFromDir(source.dir) : source.kind === "git" ? await changedFilesFromGit(source.range, source.cwd) : source.files;
  const event = await detectUpdateEvent(files, { declared });
  if (source === void 0) delete event.detected;
  return event;
}

// src/cli/main.ts
var DEFAULT_CONFIG = ".github/monitor-gate.yml";
var USAGE = `monitor-gate ${TOOL_VERSION}: stop stale activation monitors from shipping with a model update

Usage:
  monitor-gate check    [--config FILE] [--base DIR] [--updated DIR] [--report FILE] [--markdown FILE]
                        [--provider auto|cpu|cuda] [--timestamp] [--verbose]
                        [--shard I/N] [--commit SHA] [--changes DIR | --git BASE..HEAD] [--label L ...]
  monitor-gate detect   (--dir DIR | --git BASE..HEAD) [--label L ...] [--config FILE] [--json]
  monitor-gate validate [--config FILE]
  monitor-gate merge-reports --out FILE [--markdown FILE] PART.json [PART.json ...]
  monitor-gate --version | --help

  --config FILE    gate config (default ${DEFAULT_CONFIG})
  --base DIR       base-model activation folder (overrides activations.base)
  --updated DIR    updated-model activation folder (overrides activations.updated)
  --report FILE    write the JSON report here
  --markdown FILE  write the Markdown summary here
  --provider P     onnxruntime execution provider (default cpu; auto uses CUDA when installed)
  --shard I/N      evaluate only shard I of N (1-based) and write a partial report
  --commit SHA     record the gated commit, so partial reports of different commits never merge
  --out FILE       merge-reports: where to write the merged report
  --changes DIR    detect the update event from the files under DIR (every file counts as changed)
  --git A..B       detect the update event from a local git range
  --dir DIR        detect: same as --changes
  --label L        a pull-request label; monitor-gate/<family> declares the update event
  --json           detect: print the event as JSON

Exit status: 0 pass, 1 a blocking monitor is stale, 2 usage, config or input errors.
`;
var OPTIONS = {
  config: { type: "string" },
  base: { type: "string" },
  updated: { type: "string" },
  report: { type: "string" },
  markdown: { type: "string" },
  provider: { type: "string" },
  shard: { type: "string" },
  commit: { type: "string" },
  out: { type: "string" },
  changes: { type: "string" },
  dir: { type: "string" },
  git: { type: "string" },
  label: { type: "string", multiple: true },
  json: { type: "boolean" },
  timestamp: { type: "boolean" },
  verbose: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" }
};
var processIO = {
  stdout: (text2) => process.stdout.write(text2),
  stderr: (text2) => process.stderr.write(text2)
};
function terminalLogger(io, verbose) {
  return {
    info: (m) => io.stderr(m + "\n"),
    warning: (m) => io.stderr(`warning: ${m}
`),
    error: (m) => io.stderr(`error: ${m}
`),
    debug: (m) => verbose && io.stderr(`debug: ${m}
`)
  };
}
async function runCli(argv, io = processIO) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    io.stderr(`error: ${error instanceof Error ? error.message : String(error)}

${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.stdout(`${TOOL_VERSION}
`);
    return 0;
  }
  const command = positionals[0];
  if (values.help || command === "help") {
    io.stdout(USAGE);
    return 0;
  }
  if (!command) {
    io.stderr(`error: missing command

${USAGE}`);
    return 2;
  }
  if (positionals.length > 1 && command !== "merge-reports") {
    io.stderr(`error: unexpected argument '${positionals[1]}'

${USAGE}`);
    return 2;
  }
  const configPath = values.config ?? DEFAULT_CONFIG;
  const logger = terminalLogger(io, values.verbose ?? false);
  try {
    switch (command) {
      case "validate":
        return await validateCommand(configPath, io);
      case "check": {
        const provider = values.provider ?? "cpu";
        if (provider !== "auto" && provider !== "cpu" && provider !== "cuda") {
          io.stderr(`error: --provider must be auto, cpu or cuda, got '${provider}'
`);
          return 2;
        }
        const shard = values.shard === void 0 ? void 0 : parseShard(values.shard);
        const config = await loadConfig(configPath);
        const event = await eventForChange(changeSource(values.changes, values.git), { labels: values.label, config });
        const report = await runGate(config, {
          event,
          baseDir: values.base,
          updatedDir: values.updated,
          provider,
          timestamp: values.timestamp,
          shard,
          commit: values.commit,
          logger
        });
        if (values.report) await writeReport(values.report, report);
        if (values.markdown) await writeFile2(values.markdown, renderMarkdown(report));
        io.stdout(renderTextTable(report));
        return exitCodeFor(report);
      }
      case "detect": {
        const source = changeSource(values.dir ?? values.changes, values.git);
        if (!source) {
          io.stderr(`error: detect needs --dir DIR or --git BASE..HEAD

${USAGE}`);
          return 2;
        }
        const config = values.config || existsSync3(DEFAULT_CONFIG) ? await loadConfig(configPath) : void 0;
        const event = await eventForChange(source, { labels: values.label, config });
        io.stdout(values.json ? JSON.stringify(event, null, 2) + "\n" : formatEventSummary(event) + "\n");
        return 0;
      }
      case "merge-reports": {
        const parts = positionals.slice(1);
        if (!values.out || parts.length === 0) {
          io.stderr(`error: merge-reports needs --out FILE and at least one partial report

${USAGE}`);
          return 2;
        }
        const merged = await mergeReportFiles(parts);
        await writeReport(values.out, merged);
        if (values.markdown) await writeFile2(values.markdown, renderMarkdown(merged));
        io.stdout(renderTextTable(merged));
        return exitCodeFor(merged);
      }
      default:
        io.stderr(`error: unknown command '${command}'

${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof GateError) {
      io.stderr(`error: ${error.toLine()}
`);
      return 2;
    }
    io.stderr(`monitor-gate bug, please report: ${error instanceof Error && error.stack ? error.stack : describeError(error)}
`);
    return 2;
  }
}
function changeSource(dir, range) {
  if (dir !== void 0 && range !== void 0) throw new GateError("usage", "give either a folder of changes or a git range, not both");
  if (dir !== void 0) return { kind: "dir", dir };
  if (range !== void 0) return { kind: "git", range, cwd: process.cwd() };
  return void 0;
}
async function validateCommand(configPath, io) {
  const { config, diagnostics } = await validateConfig(configPath);
  for (const d of diagnostics) io.stderr(`${formatDiagnostic(d)}
`);
  if (!config) return 2;
  const n = config.monitors.length;
  if (diagnostics.length > 0) {
    io.stdout(`${configPath}: ${diagnostics.length} problem(s); ${n} of ${n + config.invalidMonitors.length} monitors are valid
`);
    return 2;
  }
  io.stdout(`${configPath}: valid (${n} monitor${n === 1 ? "" : "s"})
`);
  return 0;
}

// src/cli/index.ts
process.exitCode = await runCli(process.argv.slice(2));
