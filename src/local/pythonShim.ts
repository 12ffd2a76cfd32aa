// The Python handler process, the same contract as the Node runner (protocol.ts): `python3 -u -c SHIM FILE NAME`
// loads FILE once, then answers invocations on fd 3 with a Lambda context object. Kept as text so it ships inside
// the bundle without a file of its own.
import { DEBUGPY_LISTENING, LOCAL_API_HOSTS, PYTHON_LAYERS, WAIT_FOR_DEBUGPY } from './protocol';

export const PYTHON_SHIM = String.raw`
import decimal, importlib.abc, importlib.util, json, logging, os, socket, sys, sysconfig, time, traceback, urllib.parse

channel = socket.socket(fileno=3)
reader = channel.makefile('rb')
writer = channel.makefile('wb')

def send(msg):
    writer.write((json.dumps(msg) + '\n').encode('utf-8'))
    writer.flush()

def error_of(e):
    # Lambda's error: the traceback from the handler's first frame on (this shim's own left out, as Lambda leaves
    # out its bootstrap's), each frame as traceback.format_list writes it.
    frames = list(traceback.extract_tb(e.__traceback__))
    while frames and frames[0].filename == '<string>':
        frames.pop(0)
    return {'errorType': type(e).__name__, 'errorMessage': str(e), 'stackTrace': traceback.format_list(frames)}

def no_break_indent(line):
    blanks = len(line) - len(line.lstrip(' '))
    return '\u00a0' * blanks + line[blanks:]

# Lambda's advanced logging controls: the function's log format JSON sets AWS_LAMBDA_LOG_FORMAT in its environment.
json_logs = os.environ.get('AWS_LAMBDA_LOG_FORMAT', '').upper() == 'JSON'
UTC_SECONDS = '%Y-%m-%dT%H:%M:%SZ'

def log_error(err):
    # As Lambda's Python runtime logs a failed invocation (awslambdaric's bootstrap.py, log_error): [ERROR], the type
    # and the message, then the traceback, its indentation in no-break spaces; in JSON, one object with the time,
    # log_level and Lambda's error fields (its request id empty there too).
    if json_logs:
        sys.stdout.write(json.dumps({
            'timestamp': time.strftime(UTC_SECONDS, time.gmtime()), 'log_level': 'ERROR',
            'errorMessage': err.get('errorMessage') or '', 'errorType': err.get('errorType') or '',
            'requestId': '', 'stackTrace': err.get('stackTrace') or []}, ensure_ascii=False) + '\n')
        return
    first = '[ERROR]'
    if err.get('errorType'):
        first += ' ' + err['errorType'] + (':' if err.get('errorMessage') else '')
    if err.get('errorMessage'):
        first += ' ' + err['errorMessage']
    lines = [first]
    if err.get('stackTrace') is not None:
        lines.append('Traceback (most recent call last):')
        for element in err['stackTrace']:
            lines += [no_break_indent(l) for l in element.splitlines()] if element else ['']
    sys.stdout.write('\n'.join(lines) + '\n')

def json_default(o):
    # Lambda's Python runtime writes a Decimal (what boto3 reads from DynamoDB) as a number.
    if isinstance(o, decimal.Decimal) and o.is_finite():
        return int(o) if o == o.to_integral_value() else float(o)
    raise TypeError('Object of type %s is not JSON serializable' % type(o).__name__)

request_id = ''

class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = request_id
        return True

# The LogRecord attributes a JSON record leaves out (awslambdaric's lambda_runtime_log_utils.py): any other one, such
# as a field given with extra=, is written beside the message.
RECORD_FIELDS = {'name', 'msg', 'args', 'levelname', 'levelno', 'pathname', 'filename', 'module', 'exc_info',
                 'exc_text', 'stack_info', 'lineno', 'funcName', 'created', 'msecs', 'relativeCreated', 'thread',
                 'threadName', 'processName', 'process', 'aws_request_id', 'tenant_id', '_frame_type'}

class JsonFormatter(logging.Formatter):
    # A record as Lambda's Python runtime writes it under the JSON log format (lambda_runtime_log_utils.py,
    # JsonFormatter): the time to the second, the level rounded to Python's named ones, the message, the logger,
    # an exception's traceback, type, message and location, the request id, the extra fields; nothing that is None.
    def __init__(self):
        super().__init__(datefmt=UTC_SECONDS)

    def format(self, record):
        record.levelno = min(50, max(0, record.levelno)) // 10 * 10
        record.levelname = logging.getLevelName(record.levelno)
        exc = record.exc_info
        result = {
            'timestamp': self.formatTime(record, self.datefmt),
            'level': record.levelname,
            'message': record.getMessage(),
            'logger': record.name,
            'stackTrace': traceback.format_tb(exc[2]) if exc else None,
            'errorType': exc[0].__name__ if exc else None,
            'errorMessage': str(exc[1]) if exc else None,
            'requestId': getattr(record, 'aws_request_id', None) or None,
            'location': '%s:%s:%s' % (record.pathname, record.funcName, record.lineno) if exc else None,
        }
        result.update((k, v) for k, v in record.__dict__.items() if k not in RECORD_FIELDS and k not in result)
        return json.dumps({k: v for k, v in result.items() if v is not None}, ensure_ascii=False)

def setup_logging():
    # As Lambda's Python runtime does (awslambdaric's bootstrap.py, _setup_logging): a handler on the root logger
    # writes each record as [LEVEL]<tab>UTC time<tab>request id<tab>message, and AWS_LAMBDA_LOG_LEVEL, when set,
    # is the root level (else Python's WARNING, as on Lambda). Without it, logger.info() after setLevel(INFO) printed
    # nothing here, where Lambda logs it.
    logging.Formatter.converter = time.gmtime
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter() if json_logs else logging.Formatter(
        '[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s', '%Y-%m-%dT%H:%M:%S'))
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    # Python has no TRACE: the runtime takes it as DEBUG.
    level = os.environ.get('AWS_LAMBDA_LOG_LEVEL', '').upper().replace('TRACE', 'DEBUG')
    if level in logging._nameToLevel:
        root.setLevel(level)
    root.addHandler(handler)

class CognitoIdentity:
    # An invocation without a Cognito identity (API Gateway's) gets one with no fields set, as on Lambda.
    __slots__ = ['cognito_identity_id', 'cognito_identity_pool_id']

class Context:
    # awslambdaric's LambdaContext (lambda_context.py): the memory size is the environment's string there too.
    def __init__(self, c):
        self.aws_request_id = c['awsRequestId']
        self.log_group_name = c['logGroupName']
        self.log_stream_name = c['logStreamName']
        self.function_name = c['functionName']
        self.memory_limit_in_mb = str(c['memoryLimitInMB'])
        self.function_version = c['functionVersion']
        self.invoked_function_arn = c['invokedFunctionArn']
        self.tenant_id = None
        self.client_context = None
        self.identity = CognitoIdentity()
        self._deadline = time.monotonic() + c['remainingMs'] / 1000.0

    def get_remaining_time_in_millis(self):
        return max(0, int((self._deadline - time.monotonic()) * 1000))

    def log(self, msg):
        # Written as it is, without a newline, as Lambda's context.log writes to its log sink.
        sys.stdout.write(str(msg))

    def __repr__(self):
        fields = ['aws_request_id', 'log_group_name', 'log_stream_name', 'function_name', 'memory_limit_in_mb',
                  'function_version', 'invoked_function_arn', 'client_context', 'identity', 'tenant_id']
        return 'LambdaContext([%s])' % ','.join('%s=%s' % (f, getattr(self, f)) for f in fields)

class PatchingLoader(importlib.abc.Loader):
    # Runs a module as its own loader would, then hands it to patch.
    def __init__(self, loader, patch):
        self.loader = loader
        self.patch = patch
    def create_module(self, spec):
        return self.loader.create_module(spec)
    def exec_module(self, module):
        self.loader.exec_module(module)
        self.patch(module)

class OwnHostsToLocalApi(importlib.abc.MetaPathFinder):
    # As the Node runner does (sendOwnHostsToLocalApi): a handler builds its @connections URL from the event, as on
    # AWS (https://{apiId}.execute-api.{region}.amazonaws.com/{stage} or https://{domainName}/{stage}); those hosts
    # are this local API, which speaks plain HTTP. botocore's HTTPS requests to them go there over HTTP, with the Host
    # header they were signed with. botocore.httpsession is patched when the handler imports it, not before.
    def __init__(self, hosts, target):
        self.hosts = hosts
        local = urllib.parse.urlsplit(target)
        self.base = '%s://%s' % (local.scheme, local.netloc)
    def find_spec(self, fullname, path=None, target=None):
        if fullname != 'botocore.httpsession':
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(fullname)
        finally:
            sys.meta_path.insert(0, self)
        if spec is not None and spec.loader is not None:
            spec.loader = PatchingLoader(spec.loader, self.patch)
        return spec
    def patch(self, module):
        original = module.URLLib3Session.send
        redirect = self
        def send(session, request):
            redirect.rewrite(request)
            return original(session, request)
        module.URLLib3Session.send = send
    def rewrite(self, request):
        parts = urllib.parse.urlsplit(request.url)
        host = parts.netloc[:-4] if parts.netloc.endswith(':443') else parts.netloc
        if parts.scheme != 'https' or host not in self.hosts:
            return
        if 'host' not in request.headers:
            request.headers['Host'] = host
        request.url = self.base + parts.path + ('?' + parts.query if parts.query else '')

def send_own_hosts_to_local_api():
    hosts = set(h for h in os.environ.get('${LOCAL_API_HOSTS}', '').split(',') if h)
    target = os.environ.get('AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI')
    if hosts and target:
        sys.meta_path.insert(0, OwnHostsToLocalApi(hosts, target))

examined = set()
reported_count = 0
# The standard library's and installed packages' folders (a virtual environment's included), as named and resolved.
not_sources = [q + os.sep for k, p in sysconfig.get_paths().items()
               if k in ('stdlib', 'platstdlib', 'purelib', 'platlib') for q in {p, os.path.realpath(p)}]

def is_source(f):
    # A project file: not under the standard library's or installed packages' folders (string tests first; the
    # path is resolved only for what passes them, as a symlink may lead into those folders).
    if not f.endswith('.py') or 'site-packages' in f.split(os.sep) or 'dist-packages' in f.split(os.sep):
        return False
    if any(f.startswith(p) for p in not_sources):
        return False
    real = os.path.realpath(f)
    return not any(real.startswith(p) for p in not_sources)

def report_sources(extra=()):
    # The project's source files the handler has loaded, not the standard library's or installed packages': the local
    # API watches them (functions.ts), to reload when one is saved, as it does a Node handler's bundle inputs. Each
    # module's file is examined once, so a report after a request costs only the modules it imported.
    global reported_count
    reported_count = len(sys.modules)
    files = []
    for f in [getattr(m, '__file__', None) for m in list(sys.modules.values())] + list(extra):
        if not f or f in examined:
            continue
        examined.add(f)
        if is_source(f):
            files.append(os.path.realpath(f))
    if files:
        send({'type': 'sources', 'files': files})

def wait_for_debugger():
    # Under the debug configuration: debugpy listens on a free port, the log line says where (the debug session
    # attaches there), and the handler loads once the client has set its breakpoints. Without debugpy the handler
    # runs undebugged and the line says why.
    libs = os.environ.pop('${WAIT_FOR_DEBUGPY}', None)
    if libs is None:
        return
    if libs:
        sys.path.insert(0, libs)
        not_sources.extend({libs + os.sep, os.path.realpath(libs) + os.sep})
    try:
        import debugpy
    except ImportError:
        print('Python debugger unavailable: %s cannot import debugpy; the handler runs without it. '
              'Install the Python Debugger extension, or debugpy for this interpreter.' % sys.executable)
        return
    finally:
        if libs:
            sys.path.remove(libs)
    host, port = debugpy.listen(('127.0.0.1', 0))
    print('${DEBUGPY_LISTENING} %s:%d' % (host, port))
    debugpy.wait_for_client()

def layer_paths():
    # The function's layers as Lambda's Python runtime finds them in /opt: each one's site-packages for this Python,
    # then its python/ folder, the last layer first.
    layers = os.environ.pop('${PYTHON_LAYERS}', '')
    version = 'python%d.%d' % sys.version_info[:2]
    return [p for layer in layers.split(os.pathsep) if layer
            for p in (os.path.join(layer, 'python', 'lib', version, 'site-packages'), os.path.join(layer, 'python'))]

class HandlerNotFound(Exception):
    pass

def load_handler(path, module_name, name):
    # As Lambda imports \`pkg/app\` (awslambdaric's _get_handler: the module path from the task root, dotted): the
    # packages above it first, so its relative imports work; the module itself from its file, whatever else the
    # shim has imported under that name.
    dotted = module_name.replace('/', '.')
    package = dotted.rpartition('.')[0]
    if package:
        importlib.import_module(package)
    spec = importlib.util.spec_from_file_location(dotted, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[dotted] = module
    spec.loader.exec_module(module)
    if package:
        # As the import system binds a submodule to its package (\`shop.api.app\` reachable from \`shop.api\`).
        setattr(sys.modules[package], dotted.rpartition('.')[2], module)
    handler = getattr(module, name, None)
    if not callable(handler):
        raise HandlerNotFound("Handler '%s' missing on module '%s'" % (name, module_name))
    return handler

def init_error_of(e, module_name):
    # Lambda's errors for a handler that does not load (awslambdaric's bootstrap.py, _get_handler); any other
    # exception the module raises is itself, as there.
    if isinstance(e, HandlerNotFound):
        return {'errorType': 'Runtime.HandlerNotFound', 'errorMessage': str(e)}
    if isinstance(e, ImportError):
        return {'errorType': 'Runtime.ImportModuleError', 'stackTrace': [],
                'errorMessage': "Unable to import module '%s': %s" % (module_name, e)}
    if isinstance(e, SyntaxError):
        return {'errorType': 'Runtime.UserCodeSyntaxError',
                'errorMessage': "Syntax error in module '%s': %s" % (module_name, e),
                'stackTrace': ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text or '')]}
    return error_of(e)

def main():
    global request_id
    # As Lambda names its Python runtimes (python3.12…), for the interpreter that runs the handler.
    os.environ.setdefault('AWS_EXECUTION_ENV', 'AWS_Lambda_python%d.%d' % sys.version_info[:2])
    setup_logging()
    send_own_hosts_to_local_api()
    wait_for_debugger()
    # The handler's file and export, its module path from the task root (\`pkg/app\`), and the task root.
    path, name, module_name, root = sys.argv[1:5]
    started = time.monotonic()
    sys.path[0:0] = [root] + layer_paths()
    try:
        handler = load_handler(path, module_name, name)
    except Exception as e:
        err = init_error_of(e, module_name)
        log_error(err)
        report_sources([e.filename] if isinstance(e, SyntaxError) else [])
        send({'type': 'initError', 'error': err})
        return
    report_sources()
    send({'type': 'ready', 'initMs': (time.monotonic() - started) * 1000})
    for line in reader:
        msg = json.loads(line)
        request_id = msg['context']['awsRequestId']
        # As Lambda's runtime does for each invocation (awslambdaric's update_xray_env_variable).
        os.environ['_X_AMZN_TRACE_ID'] = msg['context']['traceId']
        answer = invoke(handler, msg)
        # Modules the invocation imported are watched before its answer goes back.
        if len(sys.modules) != reported_count:
            report_sources()
        writer.write(answer)
        writer.flush()

def invoke(handler, msg):
    # The result message, as bytes: the value as JSON, or Lambda's error for what the handler raised or returned.
    try:
        value = handler(msg['event'], Context(msg['context']))
    except Exception as e:
        err = error_of(e)
        log_error(err)
        return result_error(msg['id'], err)
    try:
        # NaN and Infinity are not JSON: refused here rather than sent as text no JSON parser reads.
        text = json.dumps(value, default=json_default, allow_nan=False)
    except Exception as e:
        return result_error(msg['id'], {'errorType': 'Runtime.MarshalError', 'errorMessage': str(e)})
    return ('{"type":"result","id":%s,"ok":true,"maxRssKb":%d,"value":%s}\n' % (json.dumps(msg['id']), max_rss_kb(), text)).encode('utf-8')

def result_error(id, err):
    return (json.dumps({'type': 'result', 'id': id, 'ok': False, 'maxRssKb': max_rss_kb(), 'error': err}) + '\n').encode('utf-8')

def max_rss_kb():
    # The process's peak resident memory (Lambda's Max Memory Used): getrusage's ru_maxrss, in KB on Linux and in
    # bytes on macOS. Windows has no resource module: 0, which the local API reads as not known.
    try:
        import resource
    except ImportError:
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == 'darwin' else peak

main()
`;
