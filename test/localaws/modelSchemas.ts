// How the service checks a model's schema: "For application/json models, this should be JSON schema draft 4 model"
// (https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-models.html). AWS refuses one that is not
// ("Invalid model schema specified"). Checked here with ajv-draft-04's own meta-schema validation, apart from the
// validator the workbench generates: the service stands for AWS, not for the workbench's own rule.
import AjvDraft4 from 'ajv-draft-04';

let ajv: AjvDraft4 | undefined;

export function isDraft4Schema(text: string): boolean {
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch {
    return false;
  }
  ajv ??= new AjvDraft4({ validateFormats: false });
  return ajv.validateSchema(schema as object) === true;
}
