#include "host/api/OpenApiDocument.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/String.h>

#include <stdexcept>

#include "host/text/JsonWriter.hpp"

namespace orchestra::api {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Poco::Dynamic::Var parseSchema(const std::string& schema_json, const http::Route& route) {
  try {
    Poco::JSON::Parser parser;
    return parser.parse(schema_json);
  } catch (const Poco::Exception& error) {
    throw std::invalid_argument("route " + route.method + " " + route.path_template +
                                ": schema is not valid JSON: " + error.message());
  }
}

Object::Ptr contentFor(const std::string& content_type, const Poco::Dynamic::Var& schema) {
  Object::Ptr media(new Object);
  media->set("schema", schema);
  Object::Ptr content(new Object);
  content->set(content_type, media);
  return content;
}

Array::Ptr parametersFor(const http::Route& route) {
  Array::Ptr parameters(new Array);
  std::size_t start = 0;
  while ((start = route.path_template.find('{', start)) != std::string::npos) {
    const auto end = route.path_template.find('}', start);
    Object::Ptr parameter(new Object);
    parameter->set("name", route.path_template.substr(start + 1, end - start - 1));
    parameter->set("in", "path");
    parameter->set("required", true);
    parameter->set("schema", parseSchema(R"({"type":"string"})", route));
    parameters->add(parameter);
    start = end;
  }
  for (const auto& documented : route.doc.parameters) {
    Object::Ptr parameter(new Object);
    parameter->set("name", documented.name);
    parameter->set("in", documented.in);
    parameter->set("required", documented.required);
    if (!documented.description.empty()) parameter->set("description", documented.description);
    parameter->set("schema", parseSchema(documented.schema_json, route));
    parameters->add(parameter);
  }
  return parameters;
}

Object::Ptr operationFor(const http::Route& route) {
  Object::Ptr operation(new Object);
  const auto& doc = route.doc;
  if (!doc.summary.empty()) operation->set("summary", doc.summary);
  if (!doc.description.empty()) operation->set("description", doc.description);
  if (!doc.tags.empty()) {
    Array::Ptr tags(new Array);
    for (const auto& tag : doc.tags)
      tags->add(tag);
    operation->set("tags", tags);
  }
  // A stable id lets client generators name their functions.
  std::string operation_id = Poco::toLower(route.method);
  for (const char c : route.path_template) {
    operation_id += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  }
  operation->set("operationId", operation_id);
  if (const auto parameters = parametersFor(route); parameters->size() > 0) {
    operation->set("parameters", parameters);
  }
  if (!doc.request_schema_json.empty()) {
    Object::Ptr body(new Object);
    body->set("required", true);
    body->set("content",
              contentFor("application/json", parseSchema(doc.request_schema_json, route)));
    operation->set("requestBody", body);
  }
  Object::Ptr responses(new Object);
  for (const auto& [status, response_doc] : doc.responses) {
    Object::Ptr response(new Object);
    response->set("description", response_doc.description);
    if (!response_doc.schema_json.empty()) {
      response->set("content", contentFor(response_doc.content_type,
                                          parseSchema(response_doc.schema_json, route)));
    }
    responses->set(std::to_string(status), response);
  }
  if (responses->size() == 0) {
    Object::Ptr response(new Object);
    response->set("description", "Success");
    responses->set("200", response);
  }
  operation->set("responses", responses);
  if (!doc.action.empty()) operation->set("x-orchestra-action", doc.action);
  if (doc.requires_auth) {
    Array::Ptr security(new Array);
    Object::Ptr bearer(new Object);
    bearer->set("bearerAuth", Array::Ptr(new Array));
    security->add(bearer);
    operation->set("security", security);
  }
  return operation;
}

}  // namespace

std::string buildOpenApiDocument(const http::Router& router, const std::string& version) {
  Object::Ptr document(new Object);
  document->set("openapi", "3.1.0");
  Object::Ptr info(new Object);
  info->set("title", "Orchestra API");
  info->set("version", version);
  info->set("description",
            "Backend of the Agent Orchestration Studio: workflows, executions, agents, tools.");
  document->set("info", info);

  Object::Ptr paths(new Object);
  for (const auto& route : router.routes()) {
    Object::Ptr path_item;
    if (paths->has(route->path_template)) {
      path_item = paths->getObject(route->path_template);
    } else {
      path_item = new Object;
      paths->set(route->path_template, path_item);
    }
    path_item->set(Poco::toLower(route->method), operationFor(*route));
  }
  document->set("paths", paths);

  Object::Ptr schemes(new Object);
  Object::Ptr bearer(new Object);
  bearer->set("type", "http");
  bearer->set("scheme", "bearer");
  bearer->set("bearerFormat", "JWT");
  schemes->set("bearerAuth", bearer);
  Object::Ptr components(new Object);
  components->set("securitySchemes", schemes);
  document->set("components", components);

  return text::toJson(document);
}

}  // namespace orchestra::api
