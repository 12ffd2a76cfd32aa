// The Python handler process, the same contract as the Node runner (protocol.ts): `python3 -u -c SHIM FILE NAME`
// loads FILE once, then answers invocations on fd 3 with a Lambda context object. Kept as text so it ships inside
// the bundle without a file of its own.
export const PYTHON_SHIM = String.raw`
import decimal, importlib.util, json, os, socket, sys, time, traceback

channel = socket.socket(fileno=3)
reader = channel.makefile('rb')
writer = channel.makefile('wb')

def send(msg):
    writer.write((json.dumps(msg) + '\n').encode('utf-8'))
    writer.flush()

def error_of(e):
    return {'errorType': type(e).__name__, 'errorMessage': str(e),
            'stackTrace': [l.strip() for l in traceback.format_tb(e.__traceback__)]}

def json_default(o):
    # Lambda's Python runtime writes a Decimal (what boto3 reads from DynamoDB) as a number.
    if isinstance(o, decimal.Decimal) and o.is_finite():
        return int(o) if o == o.to_integral_value() else float(o)
    raise TypeError('Object of type %s is not JSON serializable' % type(o).__name__)

class Context:
    def __init__(self, c):
        self.function_name = c['functionName']
        self.function_version = c['functionVersion']
        self.invoked_function_arn = c['invokedFunctionArn']
        self.memory_limit_in_mb = int(c['memoryLimitInMB'])
        self.aws_request_id = c['awsRequestId']
        self.log_group_name = c['logGroupName']
        self.log_stream_name = c['logStreamName']
        self.identity = None
        self.client_context = None
        self._deadline = time.monotonic() + c['remainingMs'] / 1000.0
    def get_remaining_time_in_millis(self):
        return max(0, int((self._deadline - time.monotonic()) * 1000))

def main():
    path, name = sys.argv[1], sys.argv[2]
    started = time.monotonic()
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    try:
        module_name = os.path.splitext(os.path.basename(path))[0]
        spec = importlib.util.spec_from_file_location(module_name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
        handler = getattr(module, name, None)
        if not callable(handler):
            raise AttributeError('%s has no function "%s"' % (os.path.basename(path), name))
    except Exception as e:
        err = error_of(e)
        err['errorType'] = 'Runtime.ImportModuleError'
        send({'type': 'initError', 'error': err})
        return
    send({'type': 'ready', 'initMs': (time.monotonic() - started) * 1000})
    for line in reader:
        msg = json.loads(line)
        try:
            value = handler(msg['event'], Context(msg['context']))
            try:
                # NaN and Infinity are not JSON: refused here rather than sent as text no JSON parser reads.
                text = json.dumps(value, default=json_default, allow_nan=False)
            except Exception as e:
                send({'type': 'result', 'id': msg['id'], 'ok': False,
                      'error': {'errorType': 'Runtime.MarshalError', 'errorMessage': str(e)}})
                continue
            writer.write(('{"type":"result","id":%s,"ok":true,"value":%s}\n' % (json.dumps(msg['id']), text)).encode('utf-8'))
            writer.flush()
        except Exception as e:
            send({'type': 'result', 'id': msg['id'], 'ok': False, 'error': error_of(e)})

main()
`;
