<?php
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Must-use plugin for Resonanz's integration tests, never for a real site.
//  - no mail (there is no sendmail here), no comment flood limit, no
//    update checks or other calls to wordpress.org;
//  - comments on posts with the meta field _rz_moderate are held for
//    moderation, whoever writes them, unless the author may moderate;
//  - a fault for the tests: when WP_DIR/rz-fault-kill holds a number N,
//    the (N+1)th REST request for comments kills this server mid-request,
//    as a crash or an unplugged machine would;
//  - while WP_DIR/rz-no-link exists, pages do not announce the REST API in
//    a Link header, as behind some caches and plugins.

add_filter('pre_wp_mail', '__return_false');
add_filter('wp_is_comment_flood', '__return_false', 100);
remove_all_actions('check_comment_flood');
add_filter('pre_http_request', function ($response, $args, $url) {
    $host = parse_url($url, PHP_URL_HOST);
    if (in_array($host, array('127.0.0.1', 'localhost', '::1'), true)) {
        return $response;
    }
    return new WP_Error('rz_offline', 'Resonanz test site: no requests beyond 127.0.0.1');
}, 10, 3);
add_filter('automatic_updater_disabled', '__return_true');

if (is_file(ABSPATH . 'rz-no-link')) {
    remove_action('template_redirect', 'rest_output_link_header', 11);
}

add_filter('pre_comment_approved', function ($approved, $commentdata) {
    if (is_wp_error($approved) || $approved === 'spam' || $approved === 'trash') {
        return $approved;
    }
    $post_id = isset($commentdata['comment_post_ID']) ? (int) $commentdata['comment_post_ID'] : 0;
    if ($post_id && get_post_meta($post_id, '_rz_moderate', true) &&
        !user_can((int) ($commentdata['user_id'] ?? 0), 'moderate_comments')) {
        return 0;
    }
    return $approved;
}, 100, 2);

add_filter('rest_pre_dispatch', function ($result, $server, $request) {
    $fault = ABSPATH . 'rz-fault-kill';
    if (strpos($request->get_route(), '/wp/v2/comments') !== 0 || !is_file($fault)) {
        return $result;
    }
    $left = (int) trim((string) file_get_contents($fault));
    if ($left > 0) {
        file_put_contents($fault, (string) ($left - 1));
        return $result;
    }
    unlink($fault);
    if (function_exists('posix_kill')) {
        posix_kill(getmypid(), 9);
    }
    exit(1);
}, 10, 3);
