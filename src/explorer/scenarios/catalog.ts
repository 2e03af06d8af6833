/** The outcome a scenario must produce. The runner checks every field. */
export interface Expectation {
  exitCode: number;
  /** stdout exactly. */
  stdout: string;
  /** The first line of stderr exactly ('' for none). */
  stderrFirstLine: string;
  /** Status of the daemon's response, or null when the CLI stops before sending. */
  httpStatus: number | null;
}

/** A docker command on the example directories, with its expected outcome. */
export interface Scenario {
  name: string;
  summary: string;
  /** docker arguments, paths relative to the repository root. */
  args: string[];
  /** Commands run first on the same daemon, untraced. */
  before?: string[][];
  /** A hand-built upload sent by the ported client instead of the CLI (see uploads.ts). */
  upload?: { repoName: string; hostile: string };
  expect: Expectation;
}

const DIGEST = 'sha256:15cad5f5a2e12b04368d1c8a46c4278ee0d6e5212b4bda7496cd05dd017ea82a';

/** The built-in scenarios, in the order `dockhop scenarios` lists them. */
export const SCENARIOS: Scenario[] = [
  {
    name: 'create',
    summary: 'create a plugin from the sshfs example',
    args: ['plugin', 'create', 'vieux/sshfs', 'examples/sshfs'],
    expect: { exitCode: 0, stdout: 'vieux/sshfs\n', stderrFirstLine: '', httpStatus: 204 },
  },
  {
    name: 'create-compressed',
    summary: '--compress: the CLI gzips the upload, and the 17.03 daemon cannot read it',
    args: ['plugin', 'create', '--compress', 'vieux/sshfs', 'examples/sshfs'],
    expect: {
      exitCode: 1,
      stdout: '',
      stderrFirstLine: 'Error response from daemon: failed to read from tar: archive/tar: invalid tar header',
      httpStatus: 500,
    },
  },
  {
    name: 'create-tagged',
    summary: 'create with a registry-style name and a tag, from the loki example',
    args: ['plugin', 'create', 'grafana/loki-docker-driver:2.9.1', 'examples/loki'],
    expect: { exitCode: 0, stdout: 'grafana/loki-docker-driver:2.9.1\n', stderrFirstLine: '', httpStatus: 204 },
  },
  {
    name: 'invalid-name-uppercase',
    summary: 'an upper-case name is rejected by the CLI before any request',
    args: ['plugin', 'create', 'Vieux/sshfs', 'examples/sshfs'],
    expect: {
      exitCode: 1,
      stdout: '',
      // The distribution parser rejects upper case before Docker's wrapper runs, so the error is not wrapped.
      stderrFirstLine: 'invalid reference format: repository name must be lowercase',
      httpStatus: null,
    },
  },
  {
    name: 'digest-reference',
    summary: 'a digest passes the CLI check but the daemon refuses canonical references',
    args: ['plugin', 'create', `vieux/sshfs@${DIGEST}`, 'examples/sshfs'],
    expect: {
      exitCode: 1,
      stdout: '',
      stderrFirstLine: 'Error response from daemon: canonical references are not permitted',
      httpStatus: 500,
    },
  },
  {
    name: 'not-a-directory',
    summary: 'the data directory is a file',
    args: ['plugin', 'create', 'vieux/sshfs', 'examples/sshfs/config.json'],
    expect: { exitCode: 1, stdout: '', stderrFirstLine: 'context must be a directory', httpStatus: null },
  },
  {
    name: 'missing-config',
    summary: 'the data directory has no config.json',
    args: ['plugin', 'create', 'vieux/sshfs', 'examples/broken/no-config'],
    expect: {
      exitCode: 1,
      stdout: '',
      stderrFirstLine: 'open examples/broken/no-config/config.json: no such file or directory',
      httpStatus: null,
    },
  },
  {
    name: 'invalid-config',
    summary: 'config.json decodes with a wrong type, so Go\'s decoder fails in the CLI',
    args: ['plugin', 'create', 'vieux/sshfs', 'examples/broken/bad-types'],
    expect: {
      exitCode: 1,
      stdout: '',
      stderrFirstLine: 'json: cannot unmarshal string into Go value of type []string',
      httpStatus: null,
    },
  },
  {
    name: 'missing-rootfs',
    summary: 'no rootfs/ directory: the daemon finds no layer',
    args: ['plugin', 'create', 'vieux/sshfs', 'examples/broken/no-rootfs'],
    expect: {
      exitCode: 1,
      stdout: '',
      stderrFirstLine: 'Error response from daemon: no rootfs found: EOF',
      httpStatus: 500,
    },
  },
  {
    name: 'duplicate-name',
    summary: 'a second create of the same name fails in the daemon',
    before: [['plugin', 'create', 'vieux/sshfs', 'examples/sshfs']],
    args: ['plugin', 'create', 'vieux/sshfs', 'examples/sshfs'],
    expect: {
      exitCode: 1,
      stdout: '',
      stderrFirstLine: 'Error response from daemon: plugin "vieux/sshfs:latest" already exists',
      httpStatus: 500,
    },
  },
  {
    name: 'hostile-dotdot',
    summary: 'a raw upload with rootfs/../../../escaped: the split drops it, since it is not under rootfs/',
    args: [],
    upload: { repoName: 'hostile/dotdot', hostile: 'dotdot-path' },
    expect: { exitCode: 0, stdout: '', stderrFirstLine: '', httpStatus: 204 },
  },
  {
    name: 'hostile-symlink-escape',
    summary: 'a raw upload with a symlink to / and a file written through it: it lands inside the rootfs',
    args: [],
    upload: { repoName: 'hostile/symlink', hostile: 'symlink-escape' },
    expect: { exitCode: 0, stdout: '', stderrFirstLine: '', httpStatus: 204 },
  },
  {
    name: 'hostile-hardlink-outside',
    summary: 'a raw upload with a hard link to /etc/passwd of the host',
    args: [],
    upload: { repoName: 'hostile/hardlink', hostile: 'hardlink-outside' },
    // Inside the chroot /etc/passwd is the empty rootfs's, so the link finds
    // nothing; "no such" in the message makes the status 404.
    expect: {
      exitCode: 1,
      stdout: '',
      stderrFirstLine:
        'Error response from daemon: Error processing tar file(exit status 1): link /etc/passwd /passwd: no such file or directory',
      httpStatus: 404,
    },
  },
];
