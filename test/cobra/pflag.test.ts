import { describe, expect, it } from 'vitest';
import { ErrHelp, FlagSet } from '../../src/cobra/pflag.ts';

function newSet(): { set: FlagSet; a: { value: boolean }; b: { value: boolean }; name: { value: string } } {
  const set = new FlagSet('test');
  const a = { value: false };
  const b = { value: false };
  const name = { value: '' };

  set.boolVarP(a, 'all', 'a', false, 'All');
  set.boolVarP(b, 'brief', 'b', false, 'Brief');
  set.stringVarP(name, 'name', 'n', 'x', 'Name `NAME` to use');

  return { set, a, b, name };
}

describe('FlagSet.parse', () => {
  it('combines short bools', () => {
    const { set, a, b } = newSet();
    set.parse(['-ab', 'arg']);

    expect(a.value).toBe(true);
    expect(b.value).toBe(true);
    expect(set.args()).toEqual(['arg']);
  });

  it('takes a value glued to a shorthand', () => {
    const { set, name } = newSet();
    set.parse(['-anvalue']);

    expect(name.value).toBe('value');
  });

  it('intersperses flags and arguments', () => {
    const { set, a, name } = newSet();
    set.parse(['x', '--name', 'y', 'z', '-a']);

    expect(set.args()).toEqual(['x', 'z']);
    expect(name.value).toBe('y');
    expect(a.value).toBe(true);
  });

  it('stops at the terminator', () => {
    const { set, a } = newSet();
    set.parse(['x', '--', '-a']);

    expect(set.args()).toEqual(['x', '-a']);
    expect(set.argsLenAtDash()).toBe(1);
    expect(a.value).toBe(false);
  });

  it('reports unknown flags', () => {
    expect(() => newSet().set.parse(['--nope'])).toThrow('unknown flag: --nope');
    expect(() => newSet().set.parse(['-z'])).toThrow("unknown shorthand flag: 'z' in -z");
  });

  it('reports missing values', () => {
    expect(() => newSet().set.parse(['--name'])).toThrow('flag needs an argument: --name');
    expect(() => newSet().set.parse(['-n'])).toThrow("flag needs an argument: 'n' in -n");
  });

  it('throws ErrHelp for undefined help', () => {
    expect(() => newSet().set.parse(['--help'])).toThrow(ErrHelp);
  });

  it('marks changed flags', () => {
    const { set } = newSet();
    set.parse(['--all=false']);

    expect(set.changed('all')).toBe(true);
    expect(set.changed('brief')).toBe(false);
  });
});

describe('FlagSet.flagUsages', () => {
  it('aligns help texts', () => {
    expect(newSet().set.flagUsages()).toBe(
      '  -a, --all         All\n' +
        '  -b, --brief       Brief\n' +
        '  -n, --name NAME   Name NAME to use (default "x")\n',
    );
  });
});
