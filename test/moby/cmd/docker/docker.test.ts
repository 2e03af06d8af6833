import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeClient, pluginWorkspace, runDocker } from './helpers.ts';

const SHORT =
  'Create a plugin from a rootfs and configuration. Plugin data directory must contain config.json and rootfs directory.';

const CREATE_HELP =
  '\n' +
  'Usage:\tdocker plugin create [OPTIONS] PLUGIN PLUGIN-DATA-DIR\n' +
  '\n' +
  `${SHORT}\n` +
  '\n' +
  'Options:\n' +
  '      --compress   Compress the context using gzip\n' +
  '      --help       Print usage\n';

const PLUGIN_HELP =
  '\n' +
  'Usage:\tdocker plugin COMMAND\n' +
  '\n' +
  'Manage plugins\n' +
  '\n' +
  'Options:\n' +
  '      --help   Print usage\n' +
  '\n' +
  'Commands:\n' +
  `  create      ${SHORT}\n` +
  '  disable     Disable a plugin\n' +
  '  enable      Enable a plugin\n' +
  '  inspect     Display detailed information on one or more plugins\n' +
  '  install     Install a plugin\n' +
  '  ls          List plugins\n' +
  '  push        Push a plugin to a registry\n' +
  '  rm          Remove one or more plugins\n' +
  '  set         Change settings for a plugin\n' +
  '  upgrade     Upgrade an existing plugin\n' +
  '\n' +
  "Run 'docker plugin COMMAND --help' for more information on a command.\n";

const ROOT_HELP =
  '\n' +
  'Usage:\tdocker COMMAND\n' +
  '\n' +
  'A self-sufficient runtime for containers\n' +
  '\n' +
  'Options:\n' +
  '      --config string      Location of client config files (default "/home/tester/.docker")\n' +
  '  -D, --debug              Enable debug mode\n' +
  '      --help               Print usage\n' +
  '  -H, --host list          Daemon socket(s) to connect to (default [])\n' +
  '  -l, --log-level string   Set the logging level ("debug", "info", "warn", "error", "fatal") (default "info")\n' +
  '      --tls                Use TLS; implied by --tlsverify\n' +
  '      --tlscacert string   Trust certs signed only by this CA (default "/home/tester/.docker/ca.pem")\n' +
  '      --tlscert string     Path to TLS certificate file (default "/home/tester/.docker/cert.pem")\n' +
  '      --tlskey string      Path to TLS key file (default "/home/tester/.docker/key.pem")\n' +
  '      --tlsverify          Use TLS and verify the remote\n' +
  '  -v, --version            Print version information and quit\n' +
  '\n' +
  'Management Commands:\n' +
  '  plugin      Manage plugins\n' +
  '\n' +
  "Run 'docker COMMAND --help' for more information on a command.\n";

describe('docker plugin create usage', () => {
  it('rejects one argument', async () => {
    const result = await runDocker(['plugin', 'create', 'a']);

    expect(result.stderr).toBe(
      '"docker plugin create" requires at least 2 argument(s).\n' +
        "See 'docker plugin create --help'.\n\n" +
        'Usage:  docker plugin create [OPTIONS] PLUGIN PLUGIN-DATA-DIR\n\n' +
        `${SHORT}\n`,
    );
    expect(result.stdout).toBe('');
    expect(result.code).toBe(1);
  });

  it('prints --help on stdout', async () => {
    const result = await runDocker(['plugin', 'create', '--help']);

    expect(result.stdout).toBe(CREATE_HELP);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('warns about the -h shorthand', async () => {
    const result = await runDocker(['plugin', 'create', '-h']);

    expect(result.stderr).toBe('Flag shorthand -h has been deprecated, please use --help\n');
    expect(result.stdout).toBe(CREATE_HELP);
    expect(result.code).toBe(0);
  });

  it('rejects an unknown flag', async () => {
    const result = await runDocker(['plugin', 'create', '--nope', 'a', 'b']);

    expect(result.stderr).toBe("unknown flag: --nope\nSee 'docker plugin create --help'.\n");
    expect(result.code).toBe(125);
  });

  it('rejects an invalid bool value', async () => {
    const result = await runDocker(['plugin', 'create', '--compress=maybe', 'a', 'b']);

    expect(result.stderr).toBe(
      'invalid argument "maybe" for --compress=maybe: strconv.ParseBool: parsing "maybe": invalid syntax\n' +
        "See 'docker plugin create --help'.\n",
    );
    expect(result.code).toBe(125);
  });

  it('adds usage to group flag errors', async () => {
    const result = await runDocker(['plugin', '--nope']);

    expect(result.stderr).toBe(
      "unknown flag: --nope\nSee 'docker plugin --help'.\n\n" + PLUGIN_HELP.slice(1) + '\n',
    );
    expect(result.code).toBe(125);
  });
});

describe('docker help', () => {
  it('lists the plugin commands', async () => {
    const result = await runDocker(['plugin', '--help']);

    expect(result.stdout).toBe(PLUGIN_HELP);
    expect(result.code).toBe(0);
  });

  it('prints group help on stderr', async () => {
    const result = await runDocker(['plugin']);

    expect(result.stderr).toBe(PLUGIN_HELP);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(0);
  });

  it('rejects an unknown plugin subcommand', async () => {
    const result = await runDocker(['plugin', 'nope']);

    expect(result.stderr).toBe('\n' + PLUGIN_HELP.slice(1));
    expect(result.code).toBe(1);
  });

  it('prints the root help', async () => {
    const result = await runDocker(['--help']);

    expect(result.stdout).toBe(ROOT_HELP);
    expect(result.code).toBe(0);
  });

  it('rejects an unknown command', async () => {
    const result = await runDocker(['nope']);

    expect(result.stderr).toBe("docker: 'nope' is not a docker command.\nSee 'docker --help'\n");
    expect(result.code).toBe(1);
  });

  it('prints the version', async () => {
    const result = await runDocker(['-Dv']);

    expect(result.stdout).toBe('Docker version 17.03.0-ce, build 3a232c8\n');
    expect(result.code).toBe(0);
  });

  it('runs help command', async () => {
    const result = await runDocker(['help', 'plugin', 'create']);

    expect(result.stdout).toBe(CREATE_HELP);
    expect(result.code).toBe(0);
  });

  it('fails unported subcommands', async () => {
    const result = await runDocker(['plugin', 'ls']);

    expect(result.stderr).toBe(
      '"docker plugin ls" is not ported yet: dockhop only runs "docker plugin create"\n',
    );
    expect(result.code).toBe(1);
  });
});

describe('docker plugin create run', () => {
  let dir: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ dir, cleanup } = await pluginWorkspace());
  });

  afterEach(async () => {
    await cleanup();
  });

  it('uploads and prints the name as typed', async () => {
    const client = fakeClient();
    const result = await runDocker(['plugin', 'create', 'myplugin', 'plug'], { cwd: dir, client });

    expect(result.stdout).toBe('myplugin\n');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(client.uploads).toHaveLength(1);
    expect(client.uploads[0]!.repoName).toBe('myplugin');
    expect(client.uploads[0]!.body.includes(Buffer.from('config.json'))).toBe(true);
    expect(client.uploads[0]!.body.subarray(0, 2).toString('hex')).not.toBe('1f8b');
  });

  it('gzips with --compress after positionals', async () => {
    const client = fakeClient();
    const result = await runDocker(['plugin', 'create', 'myplugin', 'plug', '--compress'], {
      cwd: dir,
      client,
    });

    expect(result.code).toBe(0);
    expect(client.uploads[0]!.body.subarray(0, 2).toString('hex')).toBe('1f8b');
  });

  it('accepts --compress=false and =true', async () => {
    const plain = fakeClient();
    const gzip = fakeClient();

    await runDocker(['plugin', 'create', '--compress=false', 'p', 'plug'], { cwd: dir, client: plain });
    await runDocker(['plugin', 'create', '--compress=true', 'p', 'plug'], { cwd: dir, client: gzip });

    expect(plain.uploads[0]!.body.subarray(0, 2).toString('hex')).not.toBe('1f8b');
    expect(gzip.uploads[0]!.body.subarray(0, 2).toString('hex')).toBe('1f8b');
  });

  it('stops flag parsing at --', async () => {
    const result = await runDocker(['plugin', 'create', 'p', '--', '--compress'], { cwd: dir });

    expect(result.stderr).toBe(`lstat ${join(dir, '--compress')}: no such file or directory\n`);
    expect(result.code).toBe(1);
  });

  it('logs compression at debug level', async () => {
    const env = { HOME: '/home/tester', SOURCE_DATE_EPOCH: '1488326400' };
    const result = await runDocker(['-D', 'plugin', 'create', '--compress', 'p', 'plug'], { cwd: dir, env });

    expect(result.stderr).toBe('time="2017-03-01T00:00:00Z" level=debug msg="compression enabled" \n');
    expect(result.stdout).toBe('p\n');
  });

  it('honours --log-level debug', async () => {
    const env = { HOME: '/home/tester', SOURCE_DATE_EPOCH: '0' };
    const result = await runDocker(['-l', 'debug', 'plugin', 'create', '--compress', 'p', 'plug'], {
      cwd: dir,
      env,
    });

    expect(result.stderr).toBe('time="1970-01-01T00:00:00Z" level=debug msg="compression enabled" \n');
  });

  it('logs nothing at info level', async () => {
    const result = await runDocker(['plugin', 'create', '--compress', 'p', 'plug'], { cwd: dir });

    expect(result.stderr).toBe('');
  });

  it('rejects an unknown log level', async () => {
    const result = await runDocker(['-l', 'loud', 'plugin', 'create', 'p', 'plug'], { cwd: dir });

    expect(result.stderr).toBe('Unable to parse logging level: loud\n');
    expect(result.code).toBe(1);
  });

  it('checks the name first', async () => {
    const result = await runDocker(['plugin', 'create', 'Bad', 'missing'], { cwd: dir });

    expect(result.stderr).toBe(
      'Error parsing reference: "Bad" is not a valid repository/tag: repository name must be lowercase\n',
    );
    expect(result.code).toBe(1);
  });

  it('reports a missing directory', async () => {
    const result = await runDocker(['plugin', 'create', 'p', 'missing/'], { cwd: dir });

    expect(result.stderr).toBe(`lstat ${join(dir, 'missing')}: no such file or directory\n`);
    expect(result.code).toBe(1);
  });

  it('rejects a symlink to a directory', async () => {
    await symlink(join(dir, 'plug'), join(dir, 'link'));
    const result = await runDocker(['plugin', 'create', 'p', 'link'], { cwd: dir });

    expect(result.stderr).toBe('context must be a directory\n');
    expect(result.code).toBe(1);
  });

  it('rejects a regular file', async () => {
    const result = await runDocker(['plugin', 'create', 'p', 'plug/config.json'], { cwd: dir });

    expect(result.stderr).toBe('context must be a directory\n');
  });

  it('reports a missing config.json as typed', async () => {
    await mkdir(join(dir, 'empty'));
    const result = await runDocker(['plugin', 'create', 'p', './empty/'], { cwd: dir });

    expect(result.stderr).toBe('open empty/config.json: no such file or directory\n');
    expect(result.code).toBe(1);
  });

  it('reports config.json as a directory', async () => {
    await mkdir(join(dir, 'odd', 'config.json'), { recursive: true });
    const result = await runDocker(['plugin', 'create', 'p', 'odd'], { cwd: dir });

    expect(result.stderr).toBe('read odd/config.json: is a directory\n');
  });

  it('reports truncated JSON', async () => {
    await writeFile(join(dir, 'plug', 'config.json'), '{"Description": ');
    const result = await runDocker(['plugin', 'create', 'p', 'plug'], { cwd: dir });

    expect(result.stderr).toBe('unexpected EOF\n');
    expect(result.code).toBe(1);
  });

  it('prints the client error', async () => {
    const client = fakeClient(new Error('Error response from daemon: plugin "p:latest" already exists'));
    const result = await runDocker(['plugin', 'create', 'p', 'plug'], { cwd: dir, client });

    expect(result.stderr).toBe('Error response from daemon: plugin "p:latest" already exists\n');
    expect(result.stdout).toBe('');
    expect(result.code).toBe(1);
  });
});

describe('docker host selection', () => {
  let dir: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ dir, cleanup } = await pluginWorkspace());
  });

  afterEach(async () => {
    await cleanup();
  });

  it('defaults to the unix socket', async () => {
    const client = fakeClient();
    await runDocker(['plugin', 'create', 'p', 'plug'], { cwd: dir, client });

    expect(client.configs[0]!.host).toBe('unix:///var/run/docker.sock');
    expect(client.configs[0]!.version).toBe('1.26');
    expect(client.configs[0]!.httpHeaders).toEqual({ 'User-Agent': 'Docker-Client/17.03.0-ce (linux)' });
  });

  it('reads DOCKER_HOST and DOCKER_API_VERSION', async () => {
    const client = fakeClient();
    const env = { HOME: '/h', DOCKER_HOST: 'tcp://127.0.0.1', DOCKER_API_VERSION: '1.25' };
    await runDocker(['plugin', 'create', 'p', 'plug'], { cwd: dir, client, env });

    expect(client.configs[0]!.host).toBe('tcp://127.0.0.1:2375');
    expect(client.configs[0]!.version).toBe('1.25');
  });

  it('prefers -H over DOCKER_HOST', async () => {
    const client = fakeClient();
    const env = { HOME: '/h', DOCKER_HOST: 'tcp://127.0.0.1:1' };
    await runDocker(['-H', 'unix:///tmp/d.sock', 'plugin', 'create', 'p', 'plug'], { cwd: dir, client, env });

    expect(client.configs[0]!.host).toBe('unix:///tmp/d.sock');
  });

  it('rejects two -H flags', async () => {
    const result = await runDocker(['-H', 'unix:///a', '--host=unix:///b', 'plugin', 'create', 'p', 'plug'], {
      cwd: dir,
    });

    expect(result.stderr).toBe('Please specify only one -H\n');
    expect(result.code).toBe(1);
  });

  it('rejects a bad -H value', async () => {
    // Flags before a subcommand are parsed by cobra's Traverse, which skips
    // the flag-error function, and pflag names a shorthand without its dash.
    const result = await runDocker(['-H', 'udp://x', 'plugin', 'create', 'p', 'plug'], { cwd: dir });

    expect(result.stderr).toBe('invalid argument "udp://x" for H: Invalid bind address format: udp://x\n');
    expect(result.code).toBe(1);
  });

  it('rejects a bad -H without subcommand', async () => {
    const result = await runDocker(['-H', 'udp://x']);

    expect(result.stderr).toBe(
      'invalid argument "udp://x" for H: Invalid bind address format: udp://x\n' +
        "See 'docker --help'.\n\n" +
        ROOT_HELP.slice(1) +
        '\n',
    );
    expect(result.code).toBe(125);
  });
});
