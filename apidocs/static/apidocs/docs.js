// Swagger UI over the server's OpenAPI document. validatorUrl is off: the default would send the document to
// validator.swagger.io, outside the county's network.
window.addEventListener("DOMContentLoaded", () => {
  const root = document.getElementById("swagger-ui");
  window.pingdingDocs = SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    domNode: root,
    deepLinking: true,
    validatorUrl: null,
    onComplete: () => {
      document.body.dataset.docsState = "ready";
    },
    onFailure: () => {
      document.body.dataset.docsState = "failed";
    },
  });
});
