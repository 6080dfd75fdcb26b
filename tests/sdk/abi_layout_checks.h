/* Frozen x86_64 LP64 layout of ABI v1.0, included by a C11 and a C++17 translation unit.
 * Offsets never change within a major; sizes may only grow (appended fields) with a minor bump. */
#ifndef ORCHESTRA_TESTS_SDK_ABI_LAYOUT_CHECKS_H
#define ORCHESTRA_TESTS_SDK_ABI_LAYOUT_CHECKS_H

#include "orchestra/abi.h"

#ifdef __cplusplus
#define ORC_LAYOUT_ASSERT(condition, message) static_assert(condition, message)
#else
#define ORC_LAYOUT_ASSERT(condition, message) _Static_assert(condition, message)
#endif

/* A struct may grow at the end, never shrink; frozen structs (no struct_size) keep their size. */
#define ORC_CHECK_SIZE(type, size) ORC_LAYOUT_ASSERT(sizeof(type) >= (size), #type " shrank")
#define ORC_CHECK_FROZEN(type, size) ORC_LAYOUT_ASSERT(sizeof(type) == (size), #type " changed")
#define ORC_CHECK_OFFSET(type, field, offset) \
  ORC_LAYOUT_ASSERT(offsetof(type, field) == (offset), #type "." #field " moved")
#define ORC_CHECK_V1_0(macro, size) ORC_LAYOUT_ASSERT((macro) == (size), #macro " changed")

ORC_LAYOUT_ASSERT(sizeof(void*) == 8 && sizeof(size_t) == 8, "these checks are for LP64");
ORC_LAYOUT_ASSERT(ORC_ABI_VERSION_MAJOR == 1, "a new major gets its own entry symbol and checks");
ORC_LAYOUT_ASSERT(sizeof(orc_status) == 4 && sizeof(orc_error_class) == 4, "status width");
ORC_LAYOUT_ASSERT(sizeof(orc_log_level) == 4 && sizeof(orc_category) == 4, "enum width");

ORC_CHECK_FROZEN(orc_str, 16);
ORC_CHECK_OFFSET(orc_str, data, 0);
ORC_CHECK_OFFSET(orc_str, size, 8);
ORC_CHECK_FROZEN(orc_buffer, 16);
ORC_CHECK_OFFSET(orc_buffer, data, 0);
ORC_CHECK_OFFSET(orc_buffer, size, 8);
ORC_CHECK_SIZE(orc_result, 48);
ORC_CHECK_OFFSET(orc_result, struct_size, 0);
ORC_CHECK_OFFSET(orc_result, error_class, 4);
ORC_CHECK_OFFSET(orc_result, error_message, 8);
ORC_CHECK_OFFSET(orc_result, data, 24);
ORC_CHECK_OFFSET(orc_result, retry_after_ms, 40);
ORC_CHECK_FROZEN(orc_port_spec, 24);
ORC_CHECK_OFFSET(orc_port_spec, name, 0);
ORC_CHECK_OFFSET(orc_port_spec, flags, 16);
ORC_CHECK_OFFSET(orc_port_spec, reserved, 20);
ORC_CHECK_SIZE(orc_extension_info, 112);
ORC_CHECK_OFFSET(orc_extension_info, struct_size, 0);
ORC_CHECK_OFFSET(orc_extension_info, type_version, 4);
ORC_CHECK_OFFSET(orc_extension_info, id, 8);
ORC_CHECK_OFFSET(orc_extension_info, display_name, 24);
ORC_CHECK_OFFSET(orc_extension_info, description, 40);
ORC_CHECK_OFFSET(orc_extension_info, config_schema_json, 56);
ORC_CHECK_OFFSET(orc_extension_info, input_ports, 72);
ORC_CHECK_OFFSET(orc_extension_info, input_port_count, 80);
ORC_CHECK_OFFSET(orc_extension_info, output_ports, 88);
ORC_CHECK_OFFSET(orc_extension_info, output_port_count, 96);
ORC_CHECK_OFFSET(orc_extension_info, category, 104);
ORC_CHECK_OFFSET(orc_extension_info, flags, 108);
ORC_CHECK_SIZE(orc_node_execute_request, 96);
ORC_CHECK_OFFSET(orc_node_execute_request, struct_size, 0);
ORC_CHECK_OFFSET(orc_node_execute_request, attempt, 4);
ORC_CHECK_OFFSET(orc_node_execute_request, exec, 8);
ORC_CHECK_OFFSET(orc_node_execute_request, input_json, 16);
ORC_CHECK_OFFSET(orc_node_execute_request, config_json, 32);
ORC_CHECK_OFFSET(orc_node_execute_request, execution_id, 48);
ORC_CHECK_OFFSET(orc_node_execute_request, node_id, 64);
ORC_CHECK_OFFSET(orc_node_execute_request, item_index, 80);
ORC_CHECK_OFFSET(orc_node_execute_request, deadline_unix_ms, 88);
ORC_CHECK_SIZE(orc_node_type_vtable, 48);
ORC_CHECK_OFFSET(orc_node_type_vtable, struct_size, 0);
ORC_CHECK_OFFSET(orc_node_type_vtable, reserved, 4);
ORC_CHECK_OFFSET(orc_node_type_vtable, info, 8);
ORC_CHECK_OFFSET(orc_node_type_vtable, type_data, 16);
ORC_CHECK_OFFSET(orc_node_type_vtable, on_create, 24);
ORC_CHECK_OFFSET(orc_node_type_vtable, on_destroy, 32);
ORC_CHECK_OFFSET(orc_node_type_vtable, on_execute, 40);
ORC_CHECK_SIZE(orc_ai_usage, 48);
ORC_CHECK_OFFSET(orc_ai_usage, struct_size, 0);
ORC_CHECK_OFFSET(orc_ai_usage, reserved, 4);
ORC_CHECK_OFFSET(orc_ai_usage, input_tokens, 8);
ORC_CHECK_OFFSET(orc_ai_usage, output_tokens, 16);
ORC_CHECK_OFFSET(orc_ai_usage, cached_input_tokens, 24);
ORC_CHECK_OFFSET(orc_ai_usage, image_count, 32);
ORC_CHECK_OFFSET(orc_ai_usage, cache_creation_input_tokens, 40);
ORC_CHECK_SIZE(orc_ai_chat_request, 48);
ORC_CHECK_OFFSET(orc_ai_chat_request, struct_size, 0);
ORC_CHECK_OFFSET(orc_ai_chat_request, reserved, 4);
ORC_CHECK_OFFSET(orc_ai_chat_request, exec, 8);
ORC_CHECK_OFFSET(orc_ai_chat_request, request_json, 16);
ORC_CHECK_OFFSET(orc_ai_chat_request, host_stream, 32);
ORC_CHECK_OFFSET(orc_ai_chat_request, stream_ctx, 40);
ORC_CHECK_SIZE(orc_ai_image_request, 32);
ORC_CHECK_OFFSET(orc_ai_image_request, struct_size, 0);
ORC_CHECK_OFFSET(orc_ai_image_request, reserved, 4);
ORC_CHECK_OFFSET(orc_ai_image_request, exec, 8);
ORC_CHECK_OFFSET(orc_ai_image_request, request_json, 16);
ORC_CHECK_SIZE(orc_ai_provider_vtable, 64);
ORC_CHECK_OFFSET(orc_ai_provider_vtable, struct_size, 0);
ORC_CHECK_OFFSET(orc_ai_provider_vtable, reserved, 4);
ORC_CHECK_OFFSET(orc_ai_provider_vtable, info, 8);
ORC_CHECK_OFFSET(orc_ai_provider_vtable, type_data, 16);
ORC_CHECK_OFFSET(orc_ai_provider_vtable, on_create, 24);
ORC_CHECK_OFFSET(orc_ai_provider_vtable, on_destroy, 32);
ORC_CHECK_OFFSET(orc_ai_provider_vtable, on_chat, 40);
ORC_CHECK_OFFSET(orc_ai_provider_vtable, on_generate_image, 48);
ORC_CHECK_OFFSET(orc_ai_provider_vtable, on_list_models, 56);
ORC_CHECK_SIZE(orc_mcp_transport_vtable, 72);
ORC_CHECK_OFFSET(orc_mcp_transport_vtable, struct_size, 0);
ORC_CHECK_OFFSET(orc_mcp_transport_vtable, reserved, 4);
ORC_CHECK_OFFSET(orc_mcp_transport_vtable, info, 8);
ORC_CHECK_OFFSET(orc_mcp_transport_vtable, type_data, 16);
ORC_CHECK_OFFSET(orc_mcp_transport_vtable, on_create, 24);
ORC_CHECK_OFFSET(orc_mcp_transport_vtable, on_destroy, 32);
ORC_CHECK_OFFSET(orc_mcp_transport_vtable, on_open, 40);
ORC_CHECK_OFFSET(orc_mcp_transport_vtable, on_send, 48);
ORC_CHECK_OFFSET(orc_mcp_transport_vtable, on_receive, 56);
ORC_CHECK_OFFSET(orc_mcp_transport_vtable, on_close, 64);
ORC_CHECK_SIZE(orc_storage_put_request, 72);
ORC_CHECK_OFFSET(orc_storage_put_request, struct_size, 0);
ORC_CHECK_OFFSET(orc_storage_put_request, reserved, 4);
ORC_CHECK_OFFSET(orc_storage_put_request, exec, 8);
ORC_CHECK_OFFSET(orc_storage_put_request, key, 16);
ORC_CHECK_OFFSET(orc_storage_put_request, content_type, 32);
ORC_CHECK_OFFSET(orc_storage_put_request, size_bytes, 48);
ORC_CHECK_OFFSET(orc_storage_put_request, host_read, 56);
ORC_CHECK_OFFSET(orc_storage_put_request, source_ctx, 64);
ORC_CHECK_SIZE(orc_storage_get_request, 64);
ORC_CHECK_OFFSET(orc_storage_get_request, struct_size, 0);
ORC_CHECK_OFFSET(orc_storage_get_request, reserved, 4);
ORC_CHECK_OFFSET(orc_storage_get_request, exec, 8);
ORC_CHECK_OFFSET(orc_storage_get_request, key, 16);
ORC_CHECK_OFFSET(orc_storage_get_request, offset_bytes, 32);
ORC_CHECK_OFFSET(orc_storage_get_request, length_bytes, 40);
ORC_CHECK_OFFSET(orc_storage_get_request, host_write, 48);
ORC_CHECK_OFFSET(orc_storage_get_request, sink_ctx, 56);
ORC_CHECK_SIZE(orc_storage_backend_vtable, 80);
ORC_CHECK_OFFSET(orc_storage_backend_vtable, struct_size, 0);
ORC_CHECK_OFFSET(orc_storage_backend_vtable, reserved, 4);
ORC_CHECK_OFFSET(orc_storage_backend_vtable, info, 8);
ORC_CHECK_OFFSET(orc_storage_backend_vtable, type_data, 16);
ORC_CHECK_OFFSET(orc_storage_backend_vtable, on_create, 24);
ORC_CHECK_OFFSET(orc_storage_backend_vtable, on_destroy, 32);
ORC_CHECK_OFFSET(orc_storage_backend_vtable, on_put, 40);
ORC_CHECK_OFFSET(orc_storage_backend_vtable, on_get, 48);
ORC_CHECK_OFFSET(orc_storage_backend_vtable, on_stat, 56);
ORC_CHECK_OFFSET(orc_storage_backend_vtable, on_delete, 64);
ORC_CHECK_OFFSET(orc_storage_backend_vtable, on_list, 72);
ORC_CHECK_SIZE(orc_registrar, 48);
ORC_CHECK_OFFSET(orc_registrar, struct_size, 0);
ORC_CHECK_OFFSET(orc_registrar, reserved, 4);
ORC_CHECK_OFFSET(orc_registrar, ctx, 8);
ORC_CHECK_OFFSET(orc_registrar, host_register_node_type, 16);
ORC_CHECK_OFFSET(orc_registrar, host_register_ai_provider, 24);
ORC_CHECK_OFFSET(orc_registrar, host_register_mcp_transport, 32);
ORC_CHECK_OFFSET(orc_registrar, host_register_storage_backend, 40);
ORC_CHECK_SIZE(orc_http_request, 96);
ORC_CHECK_OFFSET(orc_http_request, struct_size, 0);
ORC_CHECK_OFFSET(orc_http_request, timeout_ms, 4);
ORC_CHECK_OFFSET(orc_http_request, method, 8);
ORC_CHECK_OFFSET(orc_http_request, url, 24);
ORC_CHECK_OFFSET(orc_http_request, headers_json, 40);
ORC_CHECK_OFFSET(orc_http_request, body, 56);
ORC_CHECK_OFFSET(orc_http_request, max_response_bytes, 72);
ORC_CHECK_OFFSET(orc_http_request, on_body_chunk, 80);
ORC_CHECK_OFFSET(orc_http_request, chunk_ctx, 88);
ORC_CHECK_SIZE(orc_http_response, 56);
ORC_CHECK_OFFSET(orc_http_response, struct_size, 0);
ORC_CHECK_OFFSET(orc_http_response, status_code, 4);
ORC_CHECK_OFFSET(orc_http_response, headers_json, 8);
ORC_CHECK_OFFSET(orc_http_response, body, 24);
ORC_CHECK_OFFSET(orc_http_response, error_message, 40);
ORC_CHECK_SIZE(orc_spawn_request, 72);
ORC_CHECK_OFFSET(orc_spawn_request, struct_size, 0);
ORC_CHECK_OFFSET(orc_spawn_request, reserved, 4);
ORC_CHECK_OFFSET(orc_spawn_request, command, 8);
ORC_CHECK_OFFSET(orc_spawn_request, args_json, 24);
ORC_CHECK_OFFSET(orc_spawn_request, env_json, 40);
ORC_CHECK_OFFSET(orc_spawn_request, working_directory, 56);
ORC_CHECK_SIZE(orc_host_api, 216);
ORC_CHECK_OFFSET(orc_host_api, struct_size, 0);
ORC_CHECK_OFFSET(orc_host_api, abi_major, 4);
ORC_CHECK_OFFSET(orc_host_api, abi_minor, 8);
ORC_CHECK_OFFSET(orc_host_api, reserved, 12);
ORC_CHECK_OFFSET(orc_host_api, host, 16);
ORC_CHECK_OFFSET(orc_host_api, host_version, 24);
ORC_CHECK_OFFSET(orc_host_api, host_buffer_alloc, 40);
ORC_CHECK_OFFSET(orc_host_api, host_buffer_free, 48);
ORC_CHECK_OFFSET(orc_host_api, host_log, 56);
ORC_CHECK_OFFSET(orc_host_api, host_exec_emit_progress, 64);
ORC_CHECK_OFFSET(orc_host_api, host_exec_is_cancelled, 72);
ORC_CHECK_OFFSET(orc_host_api, host_exec_idempotency_key, 80);
ORC_CHECK_OFFSET(orc_host_api, host_http_request, 88);
ORC_CHECK_OFFSET(orc_host_api, host_secret, 96);
ORC_CHECK_OFFSET(orc_host_api, host_ai_chat, 104);
ORC_CHECK_OFFSET(orc_host_api, host_mcp_call_tool, 112);
ORC_CHECK_OFFSET(orc_host_api, host_mcp_list_tools, 120);
ORC_CHECK_OFFSET(orc_host_api, host_storage_put, 128);
ORC_CHECK_OFFSET(orc_host_api, host_storage_get, 136);
ORC_CHECK_OFFSET(orc_host_api, host_storage_stat, 144);
ORC_CHECK_OFFSET(orc_host_api, host_storage_delete, 152);
ORC_CHECK_OFFSET(orc_host_api, host_process_spawn, 160);
ORC_CHECK_OFFSET(orc_host_api, host_process_write, 168);
ORC_CHECK_OFFSET(orc_host_api, host_process_read, 176);
ORC_CHECK_OFFSET(orc_host_api, host_process_close, 184);
ORC_CHECK_OFFSET(orc_host_api, host_ai_generate_image, 192);
ORC_CHECK_OFFSET(orc_host_api, host_describe_node_type, 200);
ORC_CHECK_OFFSET(orc_host_api, host_run_node, 208);
ORC_CHECK_SIZE(orc_plugin_descriptor, 112);
ORC_CHECK_OFFSET(orc_plugin_descriptor, struct_size, 0);
ORC_CHECK_OFFSET(orc_plugin_descriptor, abi_major, 4);
ORC_CHECK_OFFSET(orc_plugin_descriptor, abi_minor, 8);
ORC_CHECK_OFFSET(orc_plugin_descriptor, reserved, 12);
ORC_CHECK_OFFSET(orc_plugin_descriptor, id, 16);
ORC_CHECK_OFFSET(orc_plugin_descriptor, version, 32);
ORC_CHECK_OFFSET(orc_plugin_descriptor, name, 48);
ORC_CHECK_OFFSET(orc_plugin_descriptor, description, 64);
ORC_CHECK_OFFSET(orc_plugin_descriptor, config_schema_json, 80);
ORC_CHECK_OFFSET(orc_plugin_descriptor, on_init, 96);
ORC_CHECK_OFFSET(orc_plugin_descriptor, on_shutdown, 104);

/* The v1.0 minimum sizes a reader enforces. */
ORC_CHECK_V1_0(ORC_V1_0_SIZE_AI_CHAT_REQUEST, 48);
ORC_CHECK_V1_0(ORC_V1_0_SIZE_AI_IMAGE_REQUEST, 32);
ORC_CHECK_V1_0(ORC_V1_0_SIZE_AI_PROVIDER_VTABLE, 64);
ORC_CHECK_V1_0(ORC_V1_0_SIZE_AI_USAGE, 40);
ORC_CHECK_V1_0(ORC_V1_1_SIZE_AI_USAGE, 48);
ORC_CHECK_V1_0(ORC_V1_0_SIZE_EXTENSION_INFO, 112);
ORC_CHECK_V1_0(ORC_V1_0_SIZE_HOST_API, 192);
ORC_CHECK_V1_0(ORC_V1_2_SIZE_HOST_API, 200);
ORC_CHECK_V1_0(ORC_V1_3_SIZE_HOST_API, 216);
ORC_CHECK_V1_0(ORC_V1_0_SIZE_HTTP_REQUEST, 96);
ORC_CHECK_V1_0(ORC_V1_0_SIZE_HTTP_RESPONSE, 56);
ORC_CHECK_V1_0(ORC_V1_0_SIZE_MCP_TRANSPORT_VTABLE, 72);
ORC_CHECK_V1_0(ORC_V1_0_SIZE_NODE_EXECUTE_REQUEST, 96);
ORC_CHECK_V1_0(ORC_V1_0_SIZE_NODE_TYPE_VTABLE, 48);
ORC_CHECK_V1_0(ORC_V1_0_SIZE_PLUGIN_DESCRIPTOR, 112);
ORC_CHECK_V1_0(ORC_V1_0_SIZE_REGISTRAR, 48);
ORC_CHECK_V1_0(ORC_V1_0_SIZE_RESULT, 40);
ORC_CHECK_V1_0(ORC_V1_3_SIZE_RESULT, 48);
ORC_CHECK_V1_0(ORC_V1_0_SIZE_SPAWN_REQUEST, 72);
ORC_CHECK_V1_0(ORC_V1_0_SIZE_STORAGE_BACKEND_VTABLE, 80);
ORC_CHECK_V1_0(ORC_V1_0_SIZE_STORAGE_GET_REQUEST, 64);
ORC_CHECK_V1_0(ORC_V1_0_SIZE_STORAGE_PUT_REQUEST, 72);

#endif /* ORCHESTRA_TESTS_SDK_ABI_LAYOUT_CHECKS_H */
